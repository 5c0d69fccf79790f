package io.trawl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.trawl.infra.amqp.TaskTopology;
import io.trawl.messages.Topology;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The broker accounts as deployed (deploy/rabbitmq/permissions.tsv): a worker's account publishes events, retries
 * and dead letters and reads its task queues, but the broker refuses it a task or a control order; the
 * orchestrator's account may publish both.
 */
class BrokerPermissionsIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(BrokerPermissionsIT.class);
    private static final Topology TOPOLOGY = new Topology(NAMESPACE);
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static TestInfrastructure.BrokerAccounts accounts;
    private static CachingConnectionFactory admin;

    @BeforeAll
    static void declareTheTopologyAndTheAccounts() {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        admin = new CachingConnectionFactory(infra.rabbitHost(), infra.rabbitPort());
        RabbitAdmin rabbitAdmin = new RabbitAdmin(admin);
        for (Declarable declarable : TaskTopology.declarables(TOPOLOGY, List.of("binance"))) {
            switch (declarable) {
                case org.springframework.amqp.core.Exchange exchange -> rabbitAdmin.declareExchange(exchange);
                case org.springframework.amqp.core.Queue queue -> rabbitAdmin.declareQueue(queue);
                case org.springframework.amqp.core.Binding binding -> rabbitAdmin.declareBinding(binding);
                default -> {}
            }
        }
        accounts = TestInfrastructure.brokerAccounts(NAMESPACE);
    }

    @AfterAll
    static void cleanUp() {
        NamespaceCleanup.amqp(new RabbitAdmin(admin), TOPOLOGY, List.of("binance"));
        admin.destroy();
        TestInfrastructure.dropBrokerAccounts(NAMESPACE);
    }

    @Test
    void aWorkerAccountPublishesEventsRetriesAndDeadLettersButNeitherTasksNorOrders() throws Exception {
        publish(accounts.worker(), TOPOLOGY.eventsExchange(), "task.completed.binance");
        publish(accounts.worker(), TOPOLOGY.retryExchange(), "binance");
        publish(accounts.worker(), TOPOLOGY.deadLetterExchange(), "binance");
        try (Connection connection = connect(accounts.worker());
                Channel channel = connection.createChannel()) {
            channel.basicGet(TOPOLOGY.taskQueue("binance"), false);
        }

        assertThatThrownBy(() -> publish(accounts.worker(), TOPOLOGY.tasksExchange(), "binance"))
                .hasStackTraceContaining("ACCESS_REFUSED");
        assertThatThrownBy(() -> publish(accounts.worker(), TOPOLOGY.controlExchange(), ""))
                .hasStackTraceContaining("ACCESS_REFUSED");
        assertThatThrownBy(() -> publish(accounts.worker(), "", TOPOLOGY.taskQueue("binance")))
                .as("nor straight into a task queue through the default exchange")
                .hasStackTraceContaining("ACCESS_REFUSED");
    }

    @Test
    void theOrchestratorAccountPublishesTasksAndOrders() throws Exception {
        publish(accounts.orchestrator(), TOPOLOGY.tasksExchange(), "binance");
        publish(accounts.orchestrator(), TOPOLOGY.controlExchange(), "");
        try (Connection connection = connect(accounts.orchestrator());
                Channel channel = connection.createChannel()) {
            channel.queuePurge(TOPOLOGY.taskQueue("binance"));
            assertThat(channel.messageCount(TOPOLOGY.deadLetterQueue())).isGreaterThanOrEqualTo(0);
        }
    }

    private static void publish(String user, String exchange, String routingKey) throws Exception {
        try (Connection connection = connect(user);
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, null, BODY);
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    private static Connection connect(String user) throws Exception {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(infra.rabbitHost());
        factory.setPort(infra.rabbitPort());
        factory.setUsername(user);
        factory.setPassword(accounts.password());
        return factory.newConnection();
    }
}
