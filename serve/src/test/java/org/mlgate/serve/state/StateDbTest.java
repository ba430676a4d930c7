package org.mlgate.serve.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

class StateDbTest {
    @Test
    void anH2PathIsOpenedInAutoServerMode() {
        StateDb db = StateDb.parse("/tmp/x/serve.mv.db");
        assertThat(db.h2()).isTrue();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:h2:file:/tmp/x/serve;AUTO_SERVER=TRUE");
        assertThat(StateDb.file(Path.of("/tmp/y")).jdbcUrl()).isEqualTo("jdbc:h2:file:/tmp/y;AUTO_SERVER=TRUE");
    }

    @Test
    void settingsThatRunCodeAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> StateDb.parse("jdbc:h2:file:/tmp/x;INIT=RUNSCRIPT FROM 'x'"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--state-db: H2 setting INIT is not allowed");
        assertThatThrownBy(() -> StateDb.parse("jdbc:h2:mem:x"))
                .isInstanceOf(UsageException.class).hasMessageContaining("only H2 file databases");
        assertThatThrownBy(() -> StateDb.parse("jdbc:postgresql://h/db?socketFactory=x.Y"))
                .isInstanceOf(UsageException.class).hasMessageContaining("socketFactory is not allowed");
        assertThatThrownBy(() -> StateDb.parse("jdbc:postgresql://h/db?%73ocketFactory=x.Y"))
                .isInstanceOf(UsageException.class).hasMessageContaining("socketFactory is not allowed");
    }

    @Test
    void aPostgresUrlIsRebuiltAndItsPasswordHiddenInMessages() {
        StateDb db = StateDb.parse("jdbc:postgresql://127.0.0.1:5432/test?user=u&password=s3cret");
        assertThat(db.h2()).isFalse();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=u&password=s3cret");
        assertThat(db.display()).doesNotContain("s3cret");
    }
}
