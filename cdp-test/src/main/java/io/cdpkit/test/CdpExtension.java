package io.cdpkit.test;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link CdpTest}: one {@link CdpTestContext} per test method, kept
 * in the test's own extension store (so parallel tests never share one), injected into parameters
 * and non-final fields of type {@link CdpTestContext}, {@link Cdp}, {@link Segments} and {@link
 * TestClock}, and closed after the test.
 */
public final class CdpExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CdpExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    CdpTestContext cdp = contextOf(context);
    Object instance = context.getRequiredTestInstance();
    for (Class<?> type = instance.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        Object value = valueFor(field.getType(), cdp);
        if (value != null && !Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
          field.setAccessible(true);
          field.set(instance, value);
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    CdpTestContext cdp = context.getStore(NAMESPACE).remove(CdpTestContext.class, CdpTestContext.class);
    if (cdp != null) {
      cdp.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    return type == CdpTestContext.class || type == Cdp.class || type == Segments.class || type == TestClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    Object value = valueFor(parameter.getParameter().getType(), contextOf(extension));
    if (value == null) {
      throw new ParameterResolutionException("CdpExtension cannot supply " + parameter.getParameter());
    }
    return value;
  }

  private static Object valueFor(Class<?> type, CdpTestContext cdp) {
    if (type == CdpTestContext.class) {
      return cdp;
    }
    if (type == Cdp.class) {
      return cdp.cdp();
    }
    if (type == Segments.class) {
      return cdp.segments();
    }
    if (type == TestClock.class) {
      return cdp.clock();
    }
    return null;
  }

  // JUnit 6 deprecates getOrComputeIfAbsent for computeIfAbsent, which JUnit 5.12 (the version
  // Spring Boot 3.5 brings) lacks; the old method works on both.
  @SuppressWarnings("deprecation")
  private static CdpTestContext contextOf(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(
        CdpTestContext.class, key -> create(context), CdpTestContext.class);
  }

  private static CdpTestContext create(ExtensionContext context) {
    CdpTest settings =
        context.getRequiredTestClass().getAnnotation(CdpTest.class);
    if (settings == null) {
      return CdpTestContext.create();
    }
    return CdpTestContext.create(
        Instant.parse(settings.start()), ZoneId.of(settings.zone()), settings.identity(), settings.unknownConsentReachable());
  }
}
