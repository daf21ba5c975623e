package org.medbook.content.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.content.application.ContentStore;
import org.medbook.identity.PendingPolicies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcContentStore implements ContentStore {

    private final JdbcClient jdbc;

    JdbcContentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean saveFaq(Faq f) {
        try {
            return save(f);
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return false;
        }
    }

    private boolean save(Faq f) {
        return jdbc.sql("""
                INSERT INTO content_faqs (id, category, language, question, answer, published, position, created_at, updated_at)
                VALUES (:id, :category, :language, :question, :answer, :published, :position, :created, :updated)
                ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, language = EXCLUDED.language,
                    question = EXCLUDED.question, answer = EXCLUDED.answer, published = EXCLUDED.published,
                    position = EXCLUDED.position, updated_at = EXCLUDED.updated_at
                """)
                .param("id", f.id()).param("category", f.category()).param("language", f.language())
                .param("question", f.question()).param("answer", f.answer()).param("published", f.published())
                .param("position", f.position()).param("created", utc(f.createdAt())).param("updated", utc(f.updatedAt()))
                .update() == 1;
    }

    @Override
    public boolean deleteFaq(UUID id) {
        return jdbc.sql("DELETE FROM content_faqs WHERE id = :id").param("id", id).update() == 1;
    }

    @Override
    public Optional<Faq> faq(UUID id) {
        return jdbc.sql("SELECT * FROM content_faqs WHERE id = :id").param("id", id).query((rs, n) -> faq(rs)).optional();
    }

    @Override
    public List<Faq> publishedFaqs(String language, String category) {
        return jdbc.sql("""
                SELECT DISTINCT ON (category, position) * FROM content_faqs
                WHERE published AND language IN (:language, 'en')
                  AND (CAST(:category AS text) IS NULL OR category = :category)
                ORDER BY category, position, (language = :language) DESC
                """)
                .param("language", language).param("category", category)
                .query((rs, n) -> faq(rs)).list();
    }

    @Override
    public List<Faq> allFaqs(String category) {
        return jdbc.sql("""
                SELECT * FROM content_faqs WHERE CAST(:category AS text) IS NULL OR category = :category
                ORDER BY category, position, language LIMIT 1000
                """)
                .param("category", category).query((rs, n) -> faq(rs)).list();
    }

    @Override
    public void lockKind(String kind) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('policy:' || :kind, 0))").param("kind", kind)
                .query((rs, n) -> 1).list();
    }

    @Override
    public int latestVersion(String kind) {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM content_policy_versions WHERE kind = :kind")
                .param("kind", kind).query(Integer.class).single();
    }

    @Override
    public Optional<Instant> effectiveFrom(String kind, int version) {
        return jdbc.sql("SELECT min(effective_from) FROM content_policy_versions WHERE kind = :kind AND version = :version")
                .param("kind", kind).param("version", version)
                .query((rs, n) -> instant(rs, 1)).optional().filter(java.util.Objects::nonNull);
    }

    @Override
    public boolean hasText(String kind, int version, String language) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM content_policy_versions WHERE kind = :kind AND version = :version
                               AND language = :language)""")
                .param("kind", kind).param("version", version).param("language", language)
                .query(Boolean.class).single();
    }

    @Override
    public void addText(PolicyText t, UUID publishedBy) {
        jdbc.sql("""
                INSERT INTO content_policy_versions (kind, version, language, text, effective_from, published_at, published_by)
                VALUES (:kind, :version, :language, :text, :effective, :published, :by)
                """)
                .param("kind", t.kind()).param("version", t.version()).param("language", t.language())
                .param("text", t.text()).param("effective", utc(t.effectiveFrom()))
                .param("published", utc(t.publishedAt())).param("by", publishedBy)
                .update();
    }

    @Override
    public Optional<PolicyText> inForce(String kind, Instant at, String language) {
        return jdbc.sql("""
                SELECT * FROM content_policy_versions
                WHERE kind = :kind AND version = (SELECT max(version) FROM content_policy_versions
                                                   WHERE kind = :kind AND effective_from <= :at)
                ORDER BY (language = :language) DESC, (language = 'en') DESC, language LIMIT 1
                """)
                .param("kind", kind).param("at", utc(at)).param("language", language)
                .query((rs, n) -> policy(rs)).optional();
    }

    @Override
    public List<PolicyText> versions(String kind) {
        return jdbc.sql("SELECT * FROM content_policy_versions WHERE kind = :kind ORDER BY version DESC, language")
                .param("kind", kind).query((rs, n) -> policy(rs)).list();
    }

    @Override
    public boolean accept(UUID userId, String kind, int version, Instant at, String clientIp) {
        return jdbc.sql("""
                INSERT INTO content_policy_acceptances (user_id, kind, version, accepted_at, client_ip)
                VALUES (:user, :kind, :version, :at, :ip) ON CONFLICT DO NOTHING
                """)
                .param("user", userId).param("kind", kind).param("version", version).param("at", utc(at))
                .param("ip", clientIp).update() == 1;
    }

    @Override
    public List<PendingPolicies.Pending> pending(UUID userId, List<String> kinds, Instant at) {
        return jdbc.sql("""
                SELECT v.kind, max(v.version) AS version FROM content_policy_versions v
                WHERE v.kind = ANY (CAST(:kinds AS text[])) AND v.effective_from <= :at
                GROUP BY v.kind
                HAVING NOT EXISTS (SELECT 1 FROM content_policy_acceptances a
                                   WHERE a.user_id = :user AND a.kind = v.kind AND a.version = max(v.version))
                ORDER BY v.kind
                """)
                .param("kinds", kinds.toArray(String[]::new)).param("at", utc(at)).param("user", userId)
                .query((rs, n) -> new PendingPolicies.Pending(rs.getString("kind"), rs.getInt("version"))).list();
    }

    private static Faq faq(ResultSet rs) throws SQLException {
        return new Faq(rs.getObject("id", UUID.class), rs.getString("category"), rs.getString("language"),
                rs.getString("question"), rs.getString("answer"), rs.getBoolean("published"), rs.getInt("position"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static PolicyText policy(ResultSet rs) throws SQLException {
        return new PolicyText(rs.getString("kind"), rs.getInt("version"), rs.getString("language"), rs.getString("text"),
                instant(rs, "effective_from"), instant(rs, "published_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
