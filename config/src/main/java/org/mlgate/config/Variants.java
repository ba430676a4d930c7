package org.mlgate.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a sealed interface whose permitted subclasses are records annotated with {@link Variant}: a mapping of this
 * type is read as the record named by its discriminator key (default {@code type}). The discriminator is not a
 * record component; an unknown or missing name is an error listing the known ones.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Variants {
    /** The key whose value names the variant. */
    String key() default "type";
}
