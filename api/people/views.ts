import { z } from 'zod';
import { Role } from '../../schema/actor';
import type { UserRow } from '../../store/people/users';
import type { ApiKeyRow } from '../../store/people/api-keys';

const iso = z.iso.datetime({ offset: true });

export const Preferences = z.object({
  channels: z.array(z.enum(['in_app', 'email', 'webhook', 'robot'])).max(4).optional().describe('where to be told; in-app is always on'),
  quietHours: z
    .object({ start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) })
    .optional()
    .describe('city time between which only emergencies are delivered at once'),
  duty: z.boolean().optional().describe('a department\'s duty staff: told of new assignments and warnings'),
});

export const UserView = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: Role,
    org: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    disabled: z.boolean(),
    singleSignOn: z.boolean().describe('signs in through the city\'s identity provider'),
    preferences: Preferences,
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: 'User' });

export const toUserView = (u: UserRow): z.infer<typeof UserView> => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role as z.infer<typeof Role>,
  org: u.org,
  email: u.email,
  phone: u.phone,
  disabled: u.disabled,
  singleSignOn: u.oidc_subject !== null,
  preferences: u.preferences ?? {},
  createdAt: u.created_at.toISOString(),
  updatedAt: u.updated_at.toISOString(),
});

export const ApiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('the first characters of the key, to recognise it'),
    role: Role,
    org: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string(),
    createdAt: iso,
    lastUsedAt: iso.nullable(),
    revokedAt: iso.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const toApiKeyView = (k: ApiKeyRow): z.infer<typeof ApiKeyView> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role as z.infer<typeof Role>,
  org: k.org,
  scopes: k.scopes,
  createdBy: k.created_by,
  createdAt: k.created_at.toISOString(),
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
  revokedAt: k.revoked_at?.toISOString() ?? null,
});
