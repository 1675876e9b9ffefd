-- +goose Up
-- The body format of an API client's webhook deliveries (package
-- webhook, docs/webhooks.md): 'cloudevents' (CloudEvents 1.0, structured
-- JSON mode) or 'amtsweg' (the home-made envelope, deprecated). Clients
-- created before CloudEvents keep the envelope their receivers parse until
-- they switch (amtsweg apiclient webhook-format); new clients get
-- 'cloudevents' from apiclient.Create.
ALTER TABLE api_client ADD COLUMN webhook_format TEXT NOT NULL DEFAULT 'amtsweg';

-- +goose Down
ALTER TABLE api_client DROP COLUMN webhook_format;
