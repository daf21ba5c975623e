package org.medbook.shared.privacy;

import java.util.List;
import java.util.Objects;

/**
 * One module's share of an export.
 *
 * @param records JSON-ready records (records, maps, lists of plain values), one per row the module keeps
 * @param files   files that belong to the records (chat attachments), stored beside the JSON
 */
public record PersonalDataPart(List<?> records, List<PersonalFile> files) {

    public PersonalDataPart {
        records = List.copyOf(records);
        files = List.copyOf(files);
    }

    public static PersonalDataPart of(List<?> records) {
        return new PersonalDataPart(records, List.of());
    }

    /** @param name a path inside the export, unique within the part (e.g. {@code <id>-<file name>}) */
    public record PersonalFile(String name, String contentType, byte[] content) {

        public PersonalFile {
            Objects.requireNonNull(name);
            Objects.requireNonNull(content);
        }
    }
}
