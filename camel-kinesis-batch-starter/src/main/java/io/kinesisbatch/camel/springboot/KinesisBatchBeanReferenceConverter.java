package io.kinesisbatch.camel.springboot;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds the bean options of {@link KinesisBatchComponentConfiguration} ({@code kinesis-client},
 * {@code dynamo-db-client}, {@code configuration}, and whatever bean option the component grows) from a bean
 * reference: {@code #beanName}, {@code #bean:beanName} (Camel's and Apache's starters' forms) or the plain bean name
 * (what an IDE completes from the {@code spring-bean-reference} hint).
 * <p>
 * The types it converts to are read from the generated configuration class, so it follows the option set by itself.
 */
public class KinesisBatchBeanReferenceConverter implements GenericConverter {

    private final BeanFactory beanFactory;
    private final Set<ConvertiblePair> pairs;

    public KinesisBatchBeanReferenceConverter(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.pairs = new LinkedHashSet<>();
        for (Class<?> type : beanTypes()) {
            pairs.add(new ConvertiblePair(String.class, type));
        }
    }

    /** The types of the options that are set from bean references: everything but strings, numbers, booleans. */
    static Set<Class<?>> beanTypes() {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Field field : KinesisBatchComponentConfiguration.class.getDeclaredFields()) {
            Class<?> type = field.getType();
            if (!Modifier.isStatic(field.getModifiers()) && !type.isPrimitive() && !type.isEnum()
                && !type.getName().startsWith("java.")) {
                types.add(type);
            }
        }
        return types;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return pairs;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String ref = source.toString().trim();
        if (ref.startsWith("#bean:")) {
            ref = ref.substring(6);
        } else if (ref.startsWith("#")) {
            ref = ref.substring(1);
        }
        return beanFactory.getBean(ref, targetType.getType());
    }
}
