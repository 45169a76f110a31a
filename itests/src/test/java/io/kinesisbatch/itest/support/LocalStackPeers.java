package io.kinesisbatch.itest.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack (Kinesis and DynamoDB) through Testcontainers, when a Docker engine is reachable. */
final class LocalStackPeers {

    /** Override with -Dkinesisbatch.localstack.image=... */
    static final String IMAGE = System.getProperty("kinesisbatch.localstack.image", "localstack/localstack:4.4");

    private LocalStackPeers() {}

    static AwsPeers start() throws AwsPeers.TargetUnavailable {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new AwsPeers.TargetUnavailable(
                    "No Docker engine reachable: the LocalStack run of the integration tests is skipped");
        }
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(LocalStackContainer.Service.KINESIS, LocalStackContainer.Service.DYNAMODB);
        container.start();
        return AwsPeers.forLocalStack(container.getEndpoint().toString(), container.getRegion(),
                container.getAccessKey(), container.getSecretKey(), container::stop);
    }
}
