package io.trawl.infra.storage;

import io.minio.Http;
import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The object store: MinIO/S3 at {@code trawl.storage.endpoint}, or an embedded S3 server started here when
 * no endpoint is configured, so a local run needs nothing else.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${trawl.storage.endpoint:}'.isBlank()")
    EmbeddedS3Server embeddedS3Server(StorageProperties properties) {
        StorageProperties.Embedded embedded = properties.embedded();
        return EmbeddedS3Server.start(
                embedded.host(), embedded.port(), embedded.directory(), properties.accessKey(), properties.secretKey());
    }

    @Bean
    ObjectStore objectStore(StorageProperties properties, ObjectProvider<EmbeddedS3Server> embedded) {
        String endpoint =
                properties.useEmbedded() ? embedded.getObject().endpoint().toString() : properties.endpoint();
        MinioClient client = MinioClient.builder()
                .httpClient(httpClient(properties.maxConcurrentRequests()), true)
                .endpoint(endpoint)
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
        ObjectStore store = new ObjectStore(client, properties.bucket(), endpoint, properties.partUploads());
        store.ensureBucket();
        return store;
    }

    /** MinIO's default HTTP client, allowed {@code concurrency} requests at once instead of 5 per host. */
    private static OkHttpClient httpClient(int concurrency) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        return Http.newDefaultClient()
                .newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .build();
    }

    /** {@code objectStore} in {@code /actuator/health} and the readiness group: the results bucket answers. */
    @Bean
    HealthIndicator objectStoreHealthIndicator(ObjectStore store) {
        return () -> {
            try {
                return store.bucketExists()
                        ? Health.up().withDetail("location", store.location()).build()
                        : Health.down()
                                .withDetail("location", store.location())
                                .withDetail("error", "bucket missing")
                                .build();
            } catch (StorageException e) {
                return Health.down(e).withDetail("location", store.location()).build();
            }
        };
    }
}
