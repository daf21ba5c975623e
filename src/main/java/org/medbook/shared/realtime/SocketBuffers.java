package org.medbook.shared.realtime;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * What an open WebSocket costs while it is idle, which is most of its life. Tomcat gives every
 * socket its buffers up front, for its whole life, whether a frame ever uses them or not:
 * <ul>
 * <li>a text and a binary buffer for an incoming message, which Spring's STOMP handler would raise
 *     to 16,640 characters (33 KB) so that a client may split a large frame into 16 KB pieces. The
 *     STOMP handler here accepts a frame in parts ({@link RealtimeBrokerConfiguration}), so these
 *     buffers are only the size of a part: {@value #MESSAGE_PART} characters, resp. bytes; a frame
 *     may still be as large as {@link RealtimeConfiguration#MAX_FRAME_BYTES} bytes, assembled by the STOMP decoder,
 *     which holds only what an unfinished frame has sent so far;</li>
 * <li>a buffer to read frames, one to write them and one to encode text into, of
 *     {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} bytes (8 KB unless set), a JVM
 *     system property that Tomcat reads once: set here to {@value #WEBSOCKET_BUFFER} bytes before
 *     the server starts, unless the command line already sets it. A message to a client that is
 *     larger goes out as several WebSocket fragments, which clients reassemble;</li>
 * <li>the connection's own read and write buffers ({@code socket.appReadBufSize},
 *     {@code socket.appWriteBufSize}, 8 KB each unless set), which Tomcat's documentation advises to
 *     lower for many concurrent connections: {@value #CONNECTION_BUFFER} bytes each. A request or
 *     response larger than that is read and written in more steps, not refused.</li>
 * </ul>
 * Together that was about 81 KB per socket (810 MB at 10,000 sockets) and is about 17 KB.
 */
@Configuration(proxyBeanMethods = false)
class SocketBuffers {

    /** Characters (text) or bytes (binary) of one part of an incoming WebSocket message. */
    static final int MESSAGE_PART = 1024;
    /** Bytes of each of Tomcat's read, write and encode buffers of a WebSocket. */
    static final int WEBSOCKET_BUFFER = 2048;
    /** Bytes of each of a connection's read and write buffers. */
    static final int CONNECTION_BUFFER = 4096;

    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MESSAGE_PART);
        container.setMaxBinaryMessageBufferSize(MESSAGE_PART);
        return container;
    }

    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketBufferSizes() {
        return factory -> {
            // read once, when Tomcat's WebSocket classes load, which happens as the server starts
            if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
                System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(WEBSOCKET_BUFFER));
            }
            factory.addConnectorCustomizers(connector -> {
                for (String buffer : new String[] {"socket.appReadBufSize", "socket.appWriteBufSize"}) {
                    if (!connector.setProperty(buffer, Integer.toString(CONNECTION_BUFFER))) {
                        throw new IllegalStateException("Tomcat's connector has no setting " + buffer);
                    }
                }
            });
        };
    }
}
