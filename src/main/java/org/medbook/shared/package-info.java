/**
 * The tiny kernel every module may use: problem types, pagination, rate limits, field encryption,
 * the request context (request id, client IP, the caller).
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.medbook.shared;

import org.springframework.modulith.ApplicationModule;
