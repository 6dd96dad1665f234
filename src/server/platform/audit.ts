// Append-only audit of reads and changes of personal data (who, when, which record, why).
import type { DbOrTx } from '../db/index.js';
import type { Principal } from './access.js';
import type { Clock } from './clock.js';

export type AuditEntry = {
  action: string; // e.g. 'person.read', 'person.unmask', 'import.create'
  entityType: string;
  entityId: string | number;
  districtCode?: string | null;
  purpose?: string | null;
};

export async function writeAudit(db: DbOrTx, clock: Clock, who: Principal, requestId: string, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: clock.now(),
      user_id: who.userId,
      username: who.username,
      role: who.role,
      action: e.action,
      entity_type: e.entityType,
      entity_id: String(e.entityId),
      district_code: e.districtCode ?? null,
      purpose: e.purpose ?? null,
      request_id: requestId,
    })
    .execute();
}
