package io.kinesisbatch.camel.aws;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What failed an asynchronous AWS call, without the wrappers futures put around it. */
public final class AsyncFailures {

    private AsyncFailures() {}

    /** The cause under any {@link CompletionException} or {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
