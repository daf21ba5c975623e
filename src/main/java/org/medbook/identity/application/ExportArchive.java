package org.medbook.identity.application;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one ZIP from every module's share: {@code <part>.json} each, the part's files under
 * {@code <part>/}, and {@code index.html}, a summary a person can read without tools. Everything the
 * summary shows comes from the user's own data and is HTML-escaped.
 */
@Component
class ExportArchive {

    private final List<PersonalData> contributors;
    private final JsonMapper json;

    ExportArchive(List<PersonalData> contributors, JsonMapper json) {
        this.contributors = contributors;
        this.json = json;
    }

    byte[] build(UUID userId, Instant generatedAt) {
        Map<String, PersonalDataPart> parts = new LinkedHashMap<>();
        contributors.stream().sorted(Comparator.comparing(PersonalData::part))
                .forEach(contributor -> parts.put(contributor.part(), contributor.export(userId)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, PersonalDataPart> part : parts.entrySet()) {
                write(zip, part.getKey() + ".json", json.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(part.getValue().records()));
                for (PersonalDataPart.PersonalFile file : part.getValue().files()) {
                    write(zip, part.getKey() + "/" + safeName(file.name()), file.content());
                }
            }
            write(zip, "index.html", summary(userId, generatedAt, parts).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** A file name from the user's upload cannot climb out of its folder or hide as a dot file. */
    private static String safeName(String name) {
        String flat = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        return flat.startsWith(".") ? "_" + flat : flat;
    }

    private String summary(UUID userId, Instant generatedAt, Map<String, PersonalDataPart> parts) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Your Medbook data</title>
                <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f4f4f4;\
                padding:1em;overflow:auto;white-space:pre-wrap}</style></head><body>
                <h1>Your Medbook data</h1>
                """);
        html.append("<p>Account ").append(escape(userId.toString())).append(", exported ")
                .append(escape(generatedAt.toString())).append(". Each section is also a JSON file in this archive.</p>\n<ul>\n");
        parts.forEach((name, part) -> html.append("<li><a href=\"#").append(escape(name)).append("\">").append(escape(name))
                .append("</a>: ").append(part.records().size()).append(" record(s)")
                .append(part.files().isEmpty() ? "" : ", " + part.files().size() + " file(s)").append("</li>\n"));
        html.append("</ul>\n");
        parts.forEach((name, part) -> {
            html.append("<h2 id=\"").append(escape(name)).append("\">").append(escape(name)).append("</h2>\n");
            for (PersonalDataPart.PersonalFile file : part.files()) {
                html.append("<p>File: ").append(escape(name + "/" + safeName(file.name()))).append("</p>\n");
            }
            html.append("<pre>").append(escape(json.writerWithDefaultPrettyPrinter().writeValueAsString(part.records())))
                    .append("</pre>\n");
        });
        return html.append("</body></html>\n").toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
