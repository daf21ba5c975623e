package org.medbook.shared.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Keys generated for a developer machine and kept in a local folder, so a restart does not make
 * stored ciphertexts or issued tokens unreadable. Production never uses these (it refuses to start).
 */
public final class LocalSecrets {

    private final Path directory;

    public LocalSecrets(String directory) {
        this.directory = Path.of(directory);
    }

    public synchronized String getOrCreate(String name, Supplier<String> generator) {
        Path file = directory.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Files.createDirectories(directory);
            String value = generator.get();
            Path temporary = Files.createTempFile(directory, name, ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            Files.writeString(temporary, value, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException anotherProcessWon) {
                Files.deleteIfExists(temporary);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a local development key in " + directory.toAbsolutePath(), e);
        }
    }
}
