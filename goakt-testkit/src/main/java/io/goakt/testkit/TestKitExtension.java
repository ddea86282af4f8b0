package io.goakt.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that gives each test method its own {@link TestKit} as a parameter and closes it after
 * the test:
 *
 * <pre>{@code
 * @ExtendWith(TestKitExtension.class)
 * class GreeterTest {
 *     @Test
 *     void greets(TestKit kit) { ... }
 * }
 * }</pre>
 *
 * <p>Threading: JUnit calls it on the test's thread; each test gets its own kit, so parallel tests share nothing.
 */
public final class TestKitExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestKitExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(TestKit.class, k -> new TestKit(), TestKit.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestKit kit = context.getStore(NAMESPACE).remove(TestKit.class, TestKit.class);
        if (kit != null) {
            kit.close();
        }
    }
}
