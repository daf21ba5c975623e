package org.medbook.identity.infrastructure;

import java.util.List;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.application.UserDirectory;
import org.medbook.identity.application.UserView;
import org.medbook.identity.domain.Users;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pages through users for the back office, newest first. */
@Repository
class JdbcUserDirectory implements UserDirectory {

    private static final String FILTER = """
            WHERE (CAST(:text AS text) IS NULL OR name ILIKE :pattern OR email ILIKE :pattern)
              AND (CAST(:role AS text) IS NULL OR roles @> ARRAY[CAST(:role AS text)])
              AND (CAST(:status AS text) IS NULL OR status = :status)
            """;

    private final JdbcClient jdbc;
    private final Users users;

    JdbcUserDirectory(JdbcClient jdbc, Users users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    @Override
    public PageView<UserView> search(UserSearch search, PageRequest page) {
        String text = search.text() == null || search.text().isBlank() ? null : search.text().strip();
        String pattern = text == null ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String role = search.role() == null ? null : search.role().name();
        String status = search.status() == null ? null : search.status().name();
        long total = jdbc.sql("SELECT count(*) FROM users " + FILTER)
                .param("text", text).param("pattern", pattern).param("role", role).param("status", status)
                .query(Long.class).single();
        List<UUID> ids = jdbc.sql("SELECT id FROM users " + FILTER + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("text", text).param("pattern", pattern).param("role", role).param("status", status)
                .param("limit", page.size()).param("offset", page.offset())
                .query(UUID.class).list();
        // Decrypting personal fields is the repository's job; a page is at most 100 rows.
        List<UserView> items = ids.stream().map(id -> users.findById(new UserId(id)).map(UserView::of).orElseThrow()).toList();
        return new PageView<>(items, page.page(), page.size(), total);
    }
}
