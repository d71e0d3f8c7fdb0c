-- The audit trail is append-only, enforced by the database and not only by the app: rows can be inserted, never
-- changed, deleted or truncated. Prisma's schema diff does not see triggers, so schema.prisma needs no change.
--
-- One kind of UPDATE stays allowed, because the foreign keys ask for it: when a user or an incident is deleted,
-- `ON DELETE SET NULL` forgets the reference in that row's audit events. The trigger lets exactly that through — a
-- reference set to NULL whose user or incident no longer exists, nothing else in the row touched — and refuses an
-- UPDATE that sets the same reference to NULL while the row it points at still exists.

CREATE FUNCTION "audit_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  forgets_actor boolean;
  forgets_incident boolean;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    forgets_actor := OLD."actorId" IS NOT NULL AND NEW."actorId" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "User" WHERE "id" = OLD."actorId");
    forgets_incident := OLD."incidentId" IS NOT NULL AND NEW."incidentId" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Incident" WHERE "id" = OLD."incidentId");
    IF (forgets_actor OR forgets_incident)
      AND (forgets_actor OR NEW."actorId" IS NOT DISTINCT FROM OLD."actorId")
      AND (forgets_incident OR NEW."incidentId" IS NOT DISTINCT FROM OLD."incidentId")
      AND (NEW."id", NEW."at", NEW."actorType", NEW."action", NEW."entityType", NEW."entityId", NEW."changes", NEW."meta")
        IS NOT DISTINCT FROM (OLD."id", OLD."at", OLD."actorType", OLD."action", OLD."entityType", OLD."entityId", OLD."changes", OLD."meta")
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'The audit trail is append-only: % on "AuditEvent" is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events are only ever inserted.';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
BEFORE TRUNCATE ON "AuditEvent"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
