package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {

  @Test
  void ipv4IsReadAsTheCLibraryReadsIt() {
    assertEquals("127.0.0.1", IpLiterals.canonical("127.1"));
    assertEquals("8.0.0.1", IpLiterals.canonical("010.0.0.1"));
    assertEquals("127.0.0.1", IpLiterals.canonical("0x7f.0.0.1"));
    assertEquals("10.1.0.3", IpLiterals.canonical("10.1.3"));
    assertEquals("0.0.0.10", IpLiterals.canonical("10"));
    assertEquals("10.0.0.5", IpLiterals.canonical("10.0.0.5"));
    assertNull(IpLiterals.canonical("10.0.0.256"));
    assertNull(IpLiterals.canonical("1.2.3.4.5"));
    assertNull(IpLiterals.canonical("08.1.1.1"));
    assertNull(IpLiterals.canonical("web-1"));
    assertNull(IpLiterals.canonical("1.2.3."));
  }

  @Test
  void ipv6IsWrittenAsInetNtopWritesIt() {
    assertEquals("::1", IpLiterals.canonical("0:0:0:0:0:0:0:1"));
    assertEquals("fe80::1:2", IpLiterals.canonical("FE80:0:0:0:0:0:1:2"));
    assertEquals("2001:db8::1:0:0:1", IpLiterals.canonical("2001:db8:0:0:1:0:0:1"));
    assertEquals("::ffff:10.0.0.1", IpLiterals.canonical("::ffff:10.0.0.1"));
    assertEquals("::", IpLiterals.canonical("::"));
    assertEquals("1::", IpLiterals.canonical("1:0:0:0:0:0:0:0"));
    assertEquals("fe80::1%eth0", IpLiterals.canonical("fe80::1%eth0"));
    assertNull(IpLiterals.canonical("1::2::3"));
    assertNull(IpLiterals.canonical("12345::1"));
  }
}
