package org.medbook.shared.web;

/** One offending field (or parameter) of a rejected request. */
public record FieldProblem(String field, String message) {
}
