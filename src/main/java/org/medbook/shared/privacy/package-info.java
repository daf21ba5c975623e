/** The personal-data export and erasure contract every module implements on its own tables. */
package org.medbook.shared.privacy;
