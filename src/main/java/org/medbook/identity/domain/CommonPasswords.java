package org.medbook.identity.domain;

/** A list of passwords too common to allow. */
public interface CommonPasswords {

    boolean contains(String password);
}
