-- One PATCH at a time per upload across replicas (with the content in S3 the next PATCH may
-- land on any replica): the request writing an upload holds it until `writer_until`, renewed
-- while bytes flow, so a crashed writer's hold runs out by itself.
ALTER TABLE vault_uploads ADD COLUMN writer TEXT;
ALTER TABLE vault_uploads ADD COLUMN writer_until BIGINT;
