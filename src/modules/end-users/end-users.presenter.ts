// The wire form of an end user: exactly the documented fields, never sensitive metadata.
import { toWireTime } from '../../lib/time.js';
import type { EndUserWire } from './end-users.schemas.js';
import type { EndUser } from './end-users.store.js';

export function presentEndUser(user: EndUser): EndUserWire {
  return {
    end_user_id: user.id,
    external_id: user.externalId,
    profile: {
      first_name: user.firstName,
      last_name: user.lastName,
      display_name: user.displayName,
      avatar: user.avatar,
      email: user.email,
      language: user.language,
      metadata: user.metadata,
      system_properties: { sunshine_user_id: null },
    },
    created_at: toWireTime(user.createdAt),
    updated_at: toWireTime(user.updatedAt),
  };
}
