import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build when a test class did not run: a class with a JUnit Platform test (a method annotated with
 * anything meta-annotated {@code @Testable}: Jupiter's {@code @Test}, jqwik's {@code @Property} and the like)
 * must have the report Surefire or Failsafe writes for every class it runs, {@code TEST-<class>.xml}. A test
 * left out by a name pattern, an exclusion or a static nested class without {@code @Nested} is then named.
 *
 * <p>The build runs it after the tests, on the module's test class path, with the JDK's source launcher:
 * {@code java -cp TEST_CLASS_PATH build-tools/TestsRan.java TEST_CLASSES REPORT_DIRS [SKIP...]}, the report
 * folders joined by the path separator; any SKIP argument "true" (skipTests, maven.test.skip, skipITs) means
 * that tests were left out on purpose.
 */
public final class TestsRan {
    private static final String TESTABLE = "org.junit.platform.commons.annotation.Testable";

    private TestsRan() {
    }

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        List<Path> reports = Stream.of(args[1].split(Pattern.quote(File.pathSeparator))).map(Path::of).toList();
        if (List.of(args).subList(2, args.length).contains("true") || !Files.isDirectory(classes)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        int tests = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.')
                        .replaceFirst("\\.class$", "");
                if (name.endsWith("-info")) {
                    continue;
                }
                Class<?> type = load(name);
                if (hasTests(type)) {
                    tests++;
                    if (!ran(type, reports)) {
                        missing.add(name);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            System.err.printf("[ERROR] %d of %d test classes did not run (no TEST-<class>.xml in %s): %s%n"
                    + "[ERROR] Surefire runs every top-level class but *IT, which Failsafe runs (pom.xml): is one"
                    + " excluded, or a static nested class without @Nested?%n",
                    missing.size(), tests, reports, String.join(", ", missing));
            System.exit(1);
        }
        System.out.printf("[INFO] all %d test classes ran%n", tests);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load test class " + name + ": " + e, e);
        }
    }

    /** A concrete class with a test method of its own or inherited (abstract bases run through their subclasses). */
    static boolean hasTests(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (testable(c)) {
                return true;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (testable(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean testable(AnnotatedElement element) {
        for (Annotation a : element.getAnnotations()) {
            if (testable(a.annotationType(), new HashSet<>())) {
                return true;
            }
        }
        return false;
    }

    private static boolean testable(Class<? extends Annotation> type, Set<Class<?>> seen) {
        if (type.getName().equals(TESTABLE)) {
            return true;
        }
        for (Annotation meta : type.getAnnotations()) {
            if (seen.add(meta.annotationType()) && testable(meta.annotationType(), seen)) {
                return true;
            }
        }
        return false;
    }

    /** It has its own report, or it is a group (@Nested, jqwik's @Group) run as part of a class that ran. */
    static boolean ran(Class<?> type, List<Path> reports) {
        if (reports.stream().anyMatch(dir -> Files.exists(dir.resolve("TEST-" + type.getName() + ".xml")))) {
            return true;
        }
        Class<?> outer = type.getEnclosingClass();
        return outer != null && group(type) && ran(outer, reports);
    }

    private static boolean group(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            String name = a.annotationType().getName();
            if (name.equals("org.junit.jupiter.api.Nested") && !Modifier.isStatic(type.getModifiers())
                    || name.equals("net.jqwik.api.Group")) {
                return true;
            }
        }
        return false;
    }
}
