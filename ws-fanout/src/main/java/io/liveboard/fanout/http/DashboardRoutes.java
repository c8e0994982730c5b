package io.liveboard.fanout.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard (dashboard-ui's {@code static/}) at {@code /}: {@code unified.html} when the jar has it, its index
 * page otherwise. Other static files are served at their own paths by WebFlux's resource handling.
 */
@Configuration(proxyBeanMethods = false)
class DashboardRoutes {

    static final String DASHBOARD = "static/unified.html";
    static final String FALLBACK = "static/index.html";

    @Bean
    RouterFunction<ServerResponse> dashboard() {
        Resource unified = new ClassPathResource(DASHBOARD);
        Resource page = unified.exists() ? unified : new ClassPathResource(FALLBACK);
        return RouterFunctions.route()
                .GET("/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .build();
    }
}
