package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void noHeaderIsTheWholeFile() {
    assertThat(ByteRange.of(null, 100)).isInstanceOf(ByteRange.Whole.class);
    assertThat(ByteRange.of(" ", 100)).isInstanceOf(ByteRange.Whole.class);
  }

  @Test
  void rangesInsideTheFileAreServedAndClippedToItsEnd() {
    assertThat(ByteRange.of("bytes=0-9", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 9)));
    assertThat(ByteRange.of("bytes=90-", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
    assertThat(ByteRange.of("bytes=90-500", 100))
        .isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
    assertThat(ByteRange.of("bytes=-10", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
    assertThat(ByteRange.of("bytes=-500", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 99)));
    ByteRange range = new ByteRange(90, 99);
    assertThat(range.length()).isEqualTo(10);
    assertThat(range.contentRange(100)).isEqualTo("bytes 90-99/100");
  }

  @Test
  void rangesBeyondTheFileOrMalformedAreUnsatisfiable() {
    assertThat(ByteRange.of("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=100-200", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=9-3", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=0-1,5-6", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("items=0-1", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=99999999999999999999-", 100))
        .isInstanceOf(ByteRange.Unsatisfiable.class);
  }
}
