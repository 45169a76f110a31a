package io.kinesisbatch.camel.springboot;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** AWS clients that stand for an application's own beans: built, never called (they point nowhere). */
final class TestClients {

    private static final URI NOWHERE = URI.create("http://localhost:1");

    private TestClients() {}

    static KinesisAsyncClient kinesis() {
        return KinesisAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).endpointOverride(NOWHERE).build();
    }

    static DynamoDbAsyncClient dynamoDb() {
        return DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).endpointOverride(NOWHERE).build();
    }
}
