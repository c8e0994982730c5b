package io.liveboard.infra;

import java.util.Map;

/** The containers this module deploys and where they are in the manifests. */
enum PodEnv {
    FANOUT("Deployment", "liveboard-fanout", "fanout", AppConfig.App.FANOUT),
    PROCESSORS("StatefulSet", "liveboard-processors", "processors", AppConfig.App.PROCESSORS);

    final String kind;
    final String workload;
    final String container;
    final AppConfig.App app;

    PodEnv(String kind, String workload, String container, AppConfig.App app) {
        this.kind = kind;
        this.workload = workload;
        this.container = container;
        this.app = app;
    }

    Map<String, Object> workload(Manifests m) {
        return m.get(kind, workload);
    }

    Map<String, Object> container(Manifests m) {
        return Manifests.container(workload(m), container);
    }

    Map<String, String> environment(Manifests m) {
        return m.environment(container(m));
    }

    AppConfig config(Manifests m) {
        return AppConfig.of(app, environment(m));
    }
}
