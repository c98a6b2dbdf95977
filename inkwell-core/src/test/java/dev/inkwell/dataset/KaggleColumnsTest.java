package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KaggleColumnsTest {
    @Property
    void pixelNamesGiveTheirIndex(@ForAll @IntRange(min = 0, max = 999_999_999) int n) {
        assertThat(KaggleColumns.pixelIndex("pixel" + n)).isEqualTo(n);
        assertThat(KaggleColumns.unquote(" \"pixel" + n + "\" ")).isEqualTo("pixel" + n);
    }

    @Property
    void anyOtherNameIsMinusOneAndNeverThrows(@ForAll String name) {
        int index = KaggleColumns.pixelIndex(name);
        if (name.matches("pixel[0-9]{1,9}")) assertThat(index).isEqualTo(Integer.parseInt(name.substring(5)));
        else assertThat(index).isEqualTo(-1);
    }

    @Property
    void nonAsciiDigitsAreNotPixelNumbers(@ForAll @IntRange(min = 0, max = 9) int d) {
        assertThat(KaggleColumns.pixelIndex("pixel" + (char) ('\u0660' + d))).isEqualTo(-1); // Arabic-Indic digit
        assertThat(KaggleColumns.isExtra("label")).isTrue();
        assertThat(KaggleColumns.isExtra("pixel" + d)).isFalse();
    }
}
