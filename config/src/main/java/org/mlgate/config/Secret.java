package org.mlgate.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} (or {@code Optional<String>}, {@code List<String>}) record component whose value may contain {@code ${NAME}}
 * references to environment variables, so credentials stay out of configuration files. Anywhere else
 * {@code ${} is an error naming the key (write {@code $${} for a literal {@code ${}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {
}
