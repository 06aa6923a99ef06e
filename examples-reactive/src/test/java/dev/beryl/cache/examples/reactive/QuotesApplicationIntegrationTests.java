package dev.beryl.cache.examples.reactive;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebFlux example over real HTTP on Netty, with the in-memory backend. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "quotes.latency=0ms")
class QuotesApplicationIntegrationTests extends QuotesHttp {

    @Autowired
    private ApplicationContext context;

    @Test
    void runsOnAReactiveServer_withoutServletClasses() {
        assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
        assertThat(getClass().getClassLoader().getResource("jakarta/servlet/Servlet.class")).isNull();
    }

    @Test
    void secondRequestForAQuote_isAnsweredFromTheCache() throws Exception {
        int before = calls("quote");
        HttpResponse<String> first = get("/quotes/1");
        HttpResponse<String> second = get("/quotes/1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"symbol\":\"BRYL\"");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(calls("quote")).isEqualTo(before + 1);
    }

    @Test
    void unknownInstrument_isAnEmptyAnswer_thatIsNotCached() throws Exception {
        int before = calls("quote");
        assertThat(get("/quotes/99").body()).isEmpty();
        assertThat(get("/quotes/99").body()).isEmpty();
        assertThat(calls("quote")).isEqualTo(before + 2);
    }

    @Test
    void history_isCachedAsTheListTheFluxEmitted() throws Exception {
        int before = calls("history");
        HttpResponse<String> first = get("/quotes/3/history");
        HttpResponse<String> second = get("/quotes/3/history");

        assertThat(first.body()).isEqualTo("[100,101,102]");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(calls("history")).isEqualTo(before + 1);
    }

    @Test
    void reprice_putsTheNewQuote_andDropsTheHistory() throws Exception {
        get("/quotes/2");
        get("/quotes/2/history");
        int quotes = calls("quote");
        int histories = calls("history");

        assertThat(put("/quotes/2", "250").body()).contains("\"price\":250");

        assertThat(get("/quotes/2").body()).contains("\"price\":250");
        assertThat(calls("quote")).isEqualTo(quotes);
        assertThat(get("/quotes/2/history").body()).isEqualTo("[247,248,249]");
        assertThat(calls("history")).isEqualTo(histories + 1);
    }
}
