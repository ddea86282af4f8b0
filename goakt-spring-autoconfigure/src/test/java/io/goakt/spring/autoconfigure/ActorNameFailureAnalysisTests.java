package io.goakt.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class ActorNameFailureAnalysisTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GoaktAutoConfiguration.class)
    @Import({TestActors.Instances.class, TestActors.EchoActor.class, TestActors.UnknownClient.class})
    static class AppWithATypo {
    }

    @Test
    void startUpReportsTheUnknownNameAndTheDeclaredOnes(CapturedOutput output) {
        SpringApplication app = new SpringApplication(AppWithATypo.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(app::run).isNotNull();
        assertThat(output).contains("No actor named 'ordrs' for @ActorName in "
                + TestActors.UnknownClient.class.getName() + ". Declared actor names: [echo].");
    }
}
