-- FAQs: one text per language of the same question, which is (category, position).
CREATE TABLE content_faqs
(
    id         uuid        NOT NULL PRIMARY KEY,
    category   text        NOT NULL,
    language   text        NOT NULL,
    question   text        NOT NULL,
    answer     text        NOT NULL,
    published  boolean     NOT NULL,
    position   int         NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (category, position, language)
);

-- Policies: numbered versions per kind, each with its texts per language; never changed once published.
CREATE TABLE content_policy_versions
(
    kind           text        NOT NULL CHECK (kind IN ('TERMS', 'PRIVACY', 'CANCELLATION')),
    version        int         NOT NULL,
    language       text        NOT NULL,
    text           text        NOT NULL,
    effective_from timestamptz NOT NULL,
    published_at   timestamptz NOT NULL,
    published_by   uuid        NOT NULL,
    PRIMARY KEY (kind, version, language)
);
CREATE INDEX content_policy_effective_idx ON content_policy_versions (kind, effective_from DESC);

CREATE FUNCTION content_policy_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'published policy texts are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER content_policy_versions_no_update_delete
    BEFORE UPDATE OR DELETE ON content_policy_versions
    FOR EACH ROW EXECUTE FUNCTION content_policy_versions_immutable();

CREATE TABLE content_policy_acceptances
(
    user_id     uuid        NOT NULL,
    kind        text        NOT NULL,
    version     int         NOT NULL,
    accepted_at timestamptz NOT NULL,
    client_ip   text,
    PRIMARY KEY (user_id, kind, version)
);
