-- +goose Up
-- When a guest's confirmation e-mail (Eingangsbestätigung ohne Link) was
-- queued; NULL: not yet. The conditional update on it makes the e-mail go
-- out once, however often the submission is repeated.
ALTER TABLE application ADD COLUMN guest_mail_at {{.Time}};

-- +goose Down
ALTER TABLE application DROP COLUMN guest_mail_at;
