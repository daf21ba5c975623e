package org.medbook.visits.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The visit page at the join link, {@code /visit/<booking id>}: one static page whose script reads
 * the booking id from its address; its assets are served beside it ({@code /visit/visit.js}).
 */
@RestController
@Hidden
class VisitPageController {

    private static final Resource PAGE = new ClassPathResource("static/visit/index.html");

    @GetMapping(value = "/visit/{bookingId:[0-9a-fA-F-]{36}}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page(@PathVariable String bookingId) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.TEXT_HTML).body(PAGE);
    }
}
