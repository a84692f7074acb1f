package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What {@link KubeGateway} sends in server-side apply mode. The CRUD mock server cannot apply (it
 * answers 404 for a missing object), so in the first test an interceptor stands in for the API
 * server: it records each request and answers with the object, versioned, as kube-apiserver does.
 * The second shows the gateway falling back to creates and replaces on the mock server itself.
 */
class ServerSideApplyTest {

  private record Sent(String method, String path, String contentType) {}

  @Test
  void eachObjectIsOneApplyPatchWithEstransFieldManagerAndForce() {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    try (SimulatedCluster cluster =
            SimulatedCluster.start(
                Optional.empty(),
                request -> {
                  if (!"PATCH".equals(request.getMethod())) {
                    return Optional.empty();
                  }
                  sent.add(
                      new Sent(
                          request.getMethod(),
                          request.getPath(),
                          request.getHeader("Content-Type")));
                  String versioned =
                      request.getPath().contains("/configmaps/")
                          ? "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                              + "\"welcome\",\"namespace\":\"sbx-000000000001\",\"resourceVersion\":\"42\"}}"
                          : "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":"
                              + "\"sbx-000000000001\",\"resourceVersion\":\"41\"}}";
                  return Optional.of(
                      new MockResponse()
                          .setResponseCode(200)
                          .setHeader("Content-Type", "application/json")
                          .setBody(versioned));
                });
        KubernetesClient client = KubeClients.create(Optional.of(cluster.url()), 4);
        KubeGateway kube =
            new KubeGateway(
                client,
                4,
                Optional.empty(),
                new KubeRetry(1, new SimpleMeterRegistry()),
                KubeGateway.ApplyMode.SERVER_SIDE)) {
      ConfigMap config =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("welcome")
              .withNamespace("sbx-000000000001")
              .endMetadata()
              .addToData("k", "v")
              .build();
      List<HasMetadata> objects =
          List.of(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName("sbx-000000000001")
                  .endMetadata()
                  .build(),
              config);

      kube.applyAll(objects.stream().map(object -> KubeGateway.Write.create(object)).toList());

      assertThat(sent).hasSize(2);
      assertThat(sent)
          .allSatisfy(
              request -> {
                assertThat(request.contentType()).startsWith("application/apply-patch+yaml");
                assertThat(request.path()).contains("fieldManager=estran").contains("force=true");
              });
      assertThat(sent)
          .extracting(Sent::path)
          .anySatisfy(path -> assertThat(path).startsWith("/api/v1/namespaces/sbx-000000000001?"))
          .anySatisfy(
              path ->
                  assertThat(path)
                      .startsWith("/api/v1/namespaces/sbx-000000000001/configmaps/welcome?"));
    }
  }

  @Test
  void anApiServerThatCannotCreateByApplyGetsCreatesAndReplacesFromThenOn() {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    try (SimulatedCluster cluster =
            SimulatedCluster.start(
                Optional.empty(),
                request -> {
                  if (!request.getPath().contains("watch=")) {
                    sent.add(new Sent(request.getMethod(), request.getPath(), null));
                  }
                  return Optional.empty();
                });
        KubernetesClient client = KubeClients.create(Optional.of(cluster.url()), 4);
        KubeGateway kube =
            new KubeGateway(
                client,
                4,
                Optional.empty(),
                new KubeRetry(1, new SimpleMeterRegistry()),
                KubeGateway.ApplyMode.SERVER_SIDE)) {
      HasMetadata namespace =
          new NamespaceBuilder()
              .withNewMetadata()
              .withName("sbx-000000000002")
              .endMetadata()
              .build();
      ConfigMap config =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("welcome")
              .withNamespace("sbx-000000000002")
              .endMetadata()
              .addToData("k", "v")
              .build();

      // the CRUD mock server answers the apply of a new object with 404, then takes its create
      kube.apply(KubeGateway.Write.create(namespace));
      HasMetadata created = kube.applyAll(List.of(KubeGateway.Write.create(config))).get(0);
      config.getData().put("k", "w");
      HasMetadata replaced =
          kube.apply(new KubeGateway.Write(config, created.getMetadata().getResourceVersion()));

      assertThat(sent).extracting(Sent::method).containsExactly("PATCH", "POST", "POST", "PUT");
      assertThat(((ConfigMap) replaced).getData()).containsEntry("k", "w");
      assertThat(client.configMaps().inNamespace("sbx-000000000002").withName("welcome").get())
          .extracting(ConfigMap::getData)
          .isEqualTo(java.util.Map.of("k", "w"));
    }
  }
}
