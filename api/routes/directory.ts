import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category, Department, Jurisdiction } from '../../schema/directory';
import { ROLES } from '../../schema/actor';
import type { ApiContext } from '../app';

const DirectoryView = z
  .object({
    city: z.object({ id: z.string(), name: z.string(), nameZh: z.string(), timeZone: z.string() }),
    jurisdictions: z.array(Jurisdiction),
    departments: z.array(Department),
    categories: z.array(Category.omit({ keywords: true })),
  })
  .meta({ id: 'Directory' });

export const directoryRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { directory }) => {
  const view: z.infer<typeof DirectoryView> = {
    city: directory.city,
    jurisdictions: directory.jurisdictions,
    departments: directory.departments,
    categories: directory.categories.map(({ keywords: _keywords, ...c }) => c),
  };
  app.get(
    '/directory',
    {
      config: { roles: ROLES },
      schema: { tags: ['directory'], summary: 'jurisdictions, departments and categories', security: [{ bearerAuth: [] }], response: { 200: DirectoryView } },
    },
    () => view,
  );
};
