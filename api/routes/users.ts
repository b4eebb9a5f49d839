import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '../../schema/actor';
import { identifier, storableString, text } from '../../schema/text';
import { audit } from '../../store/people/audit';
import { revokeUserSessions } from '../../store/people/sessions';
import { insertUser, listUsers, updateUser, userById, userByUsername } from '../../store/people/users';
import type { ApiContext } from '../app';
import { requireKnownIds } from '../directory-checks';
import { hashPassword, passwordProblem } from '../people/passwords';
import { Preferences, toUserView, UserView } from '../people/views';
import { HttpProblem, invalidFields, Problem } from '../problem';

const security = [{ bearerAuth: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 503: Problem };
const Username = identifier(64).regex(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'letters, digits, dots, dashes and underscores, 3 to 64' });
const Email = storableString().max(200).pipe(z.email());
const Phone = storableString().regex(/^\+?[0-9 -]{5,20}$/, { message: 'a phone number: digits, spaces, dashes, an optional +' });

const NewUser = z.object({
  username: Username,
  password: storableString().max(200).optional().describe('none for a user who signs in only through single sign-on'),
  name: text(100),
  role: z.enum(ROLES),
  org: identifier(),
  email: Email.optional(),
  phone: Phone.optional(),
  preferences: Preferences.optional(),
});
const UserChange = z.object({
  name: text(100).optional(),
  role: z.enum(ROLES).optional(),
  org: identifier().optional(),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  disabled: z.boolean().optional(),
  password: storableString().max(200).optional(),
  preferences: Preferences.optional(),
});

/** The organisation a role belongs to: departments to a department, the others to a jurisdiction. */
function requireOrgFor(ctx: ApiContext, role: string, org: string) {
  requireKnownIds(ctx.directory, [{ path: 'org', kind: role === 'department' ? 'department' : 'jurisdiction', id: org }]);
}

function requireGoodPassword(password: string, username: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw invalidFields([{ path: 'password', in: 'body', message: problem, code: 'weak_password' }]);
}

/** Staff accounts, for administrators: create, change, disable (CONTRACT.md "People"). */
export const userRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db } = ctx;

  app.get(
    '/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['people'],
        summary: 'staff accounts, by username',
        security,
        querystring: z.object({ org: identifier().optional(), role: z.enum(ROLES).optional(), after: identifier(64).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(UserView) }), ...errors },
      },
    },
    async (request) => ({ items: (await listUsers(db, request.query)).map(toUserView) }),
  );

  app.post(
    '/users',
    { config: { roles: ['admin'] }, schema: { tags: ['people'], summary: 'create a staff account', security, body: NewUser, response: { 201: UserView, ...errors } } },
    async (request, reply) => {
      const b = request.body;
      requireOrgFor(ctx, b.role, b.org);
      if (b.password !== undefined) requireGoodPassword(b.password, b.username);
      if (await userByUsername(db, b.username)) throw new HttpProblem(409, 'username-taken', `the username ${b.username} is taken`, { code: 'username_taken' });
      const user = await insertUser(db, { id: randomUUID(), ...b, passwordHash: b.password === undefined ? null : await hashPassword(b.password) });
      await audit(db, { actor: request.principal.sub, action: 'user_created', target: user.id, ip: request.ip, detail: { username: user.username, role: user.role, org: user.org } });
      return reply.code(201).send(toUserView(user));
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['people'],
        summary: 'change a staff account: role, org, contact, password; disable it (its tokens stop working at once)',
        security,
        params: z.object({ id: identifier() }),
        body: UserChange,
        response: { 200: UserView, ...errors },
      },
    },
    async (request) => {
      const before = await userById(db, request.params.id);
      if (!before) throw new HttpProblem(404, 'user-not-found', `no user ${request.params.id}`);
      const c = request.body;
      if (Object.keys(c).length === 0) throw invalidFields([{ path: '', in: 'body', message: 'names nothing to change: give at least one of name, role, org, email, phone, disabled, password, preferences', code: 'required' }]);
      if (c.role !== undefined || c.org !== undefined) requireOrgFor(ctx, c.role ?? before.role, c.org ?? before.org);
      if (c.password !== undefined) requireGoodPassword(c.password, before.username);
      const { password, ...rest } = c;
      const user = (await updateUser(db, before.id, { ...rest, ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }) }))!;
      if (c.disabled === true) await revokeUserSessions(db, user.id, new Date());
      const changed = Object.keys(c).filter((k) => k !== 'password' || c.password !== undefined);
      await audit(db, { actor: request.principal.sub, action: c.disabled === true ? 'user_disabled' : 'user_changed', target: user.id, ip: request.ip, detail: { changed } });
      return toUserView(user);
    },
  );
};
