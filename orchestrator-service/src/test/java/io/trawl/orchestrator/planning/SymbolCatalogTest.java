package io.trawl.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SymbolCatalogTest {

    private static SymbolCatalog catalog(String csv) {
        return SymbolCatalog.read("test.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void selectsByMarketAndSectorIgnoringCase() {
        SymbolCatalog catalog = catalog(
                "symbol,market,sector\nBTCUSDT,crypto,layer1\nUNIUSDT,crypto,DeFi\n" + "ETHBTC,crypto-btc,layer1\n");

        assertThat(catalog.select("crypto", null)).containsExactly("BTCUSDT", "UNIUSDT");
        assertThat(catalog.select("CRYPTO", "defi")).containsExactly("UNIUSDT");
        assertThat(catalog.select("equities", null)).isEmpty();
    }

    @Test
    void malformedLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> catalog("symbol,market,sector\nBTCUSDT,crypto,layer1\nbroken line\n"))
                .hasMessageContaining("test.csv line 3");
    }

    @Test
    void shippedCatalogHoldsMoreThanHundredCryptoSymbols() {
        SymbolCatalog shipped =
                SymbolCatalog.read("symbols.csv", SymbolCatalogTest.class.getResourceAsStream("/catalog/symbols.csv"));

        assertThat(shipped.select("crypto", null))
                .hasSizeGreaterThanOrEqualTo(100)
                .doesNotHaveDuplicates();
    }
}
