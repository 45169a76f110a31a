package io.kinesisbatch.camel.springboot;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The application of the ITs: nothing but auto-configuration, so every setting comes from properties. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class EmulatorApp {
}
