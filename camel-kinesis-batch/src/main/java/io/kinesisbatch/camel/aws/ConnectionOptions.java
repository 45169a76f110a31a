package io.kinesisbatch.camel.aws;

import java.net.URI;
import java.net.URISyntaxException;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/**
 * Pure decisions about how to reach AWS: which credentials source the options ask for, and whether the connection
 * options make sense together. No I/O, so the choices are unit-tested without a network.
 */
public final class ConnectionOptions {

    /** Where the base credentials come from (an assumed role, if any, sits on top of these). */
    public enum CredentialsSource {
        /** accessKey + secretKey. */
        STATIC,
        /** accessKey + secretKey + sessionToken. */
        STATIC_SESSION,
        /** A named profile of the shared config/credentials files. */
        PROFILE,
        /** The SDK's default chain. */
        DEFAULT_CHAIN
    }

    private ConnectionOptions() {}

    /**
     * Checks the connection options and throws an {@link IllegalArgumentException} naming the first problem. Called
     * when the endpoint is created, so a malformed option stops the route from starting rather than failing messages.
     */
    public static void validate(KinesisBatchConfiguration c) {
        credentialsSource(c);
        endpointUri("uriEndpointOverride", c.getUriEndpointOverride());
        endpointUri("dynamoDbUriEndpointOverride", c.getDynamoDbUriEndpointOverride());
        if (c.getRoleArn() != null && !c.getRoleArn().startsWith("arn:")) {
            throw new IllegalArgumentException(
                    "roleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got: "
                                               + c.getRoleArn());
        }
        if (c.getRegion() != null && !c.getRegion().matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("region must look like eu-west-1, got: " + c.getRegion());
        }
    }

    /** Which base credentials the options select; throws when they contradict each other. */
    public static CredentialsSource credentialsSource(KinesisBatchConfiguration c) {
        boolean hasAccess = notBlank(c.getAccessKey());
        boolean hasSecret = notBlank(c.getSecretKey());
        boolean hasToken = notBlank(c.getSessionToken());
        boolean hasProfile = notBlank(c.getProfileCredentialsName());
        if (hasAccess != hasSecret) {
            throw new IllegalArgumentException(
                    "accessKey and secretKey go together: " + (hasAccess ? "secretKey" : "accessKey") + " is missing");
        }
        if (hasToken && !hasAccess) {
            throw new IllegalArgumentException("sessionToken needs accessKey and secretKey as well");
        }
        int chosen = (hasAccess ? 1 : 0) + (hasProfile ? 1 : 0)
                     + (Boolean.TRUE.equals(c.getUseDefaultCredentialsProvider()) ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException(
                    "choose one credentials source: accessKey/secretKey, profileCredentialsName or useDefaultCredentialsProvider=true");
        }
        if (hasAccess) {
            return hasToken ? CredentialsSource.STATIC_SESSION : CredentialsSource.STATIC;
        }
        if (hasProfile) {
            return CredentialsSource.PROFILE;
        }
        if (Boolean.FALSE.equals(c.getUseDefaultCredentialsProvider())) {
            throw new IllegalArgumentException(
                    "useDefaultCredentialsProvider=false needs accessKey/secretKey or profileCredentialsName");
        }
        return CredentialsSource.DEFAULT_CHAIN;
    }

    /** The DynamoDB endpoint: its own override, else the Kinesis one, else none (the regional endpoint). */
    public static String dynamoDbEndpoint(KinesisBatchConfiguration c) {
        return notBlank(c.getDynamoDbUriEndpointOverride()) ? c.getDynamoDbUriEndpointOverride()
                : c.getUriEndpointOverride();
    }

    /** Parses an endpoint override; null when not set. */
    public static URI endpointUri(String option, String value) {
        if (!notBlank(value)) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        option + " must be an absolute http(s) URL such as https://kinesis.eu-west-1.amazonaws.com, got: "
                                                   + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " is not a valid URL: " + value, e);
        }
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
