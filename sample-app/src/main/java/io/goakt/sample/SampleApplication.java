package io.goakt.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bank in actors: accounts, an audit log and a notifier that can be made to fail. */
@SpringBootApplication
public class SampleApplication {

    /** Runs the sample. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
