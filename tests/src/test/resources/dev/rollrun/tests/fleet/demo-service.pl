#!/usr/bin/perl
# The demo service of an SshdFleet host: a tiny HTTP/1.0 server on one address and port.
# Every request (any path) gets "200 <host> ok", or "503 <host> unhealthy" while the file
# <host dir>/unhealthy exists. Once listening it writes its pid file, which is how `svc start`
# knows it is up. Uses only perl-base (present on every Debian and Ubuntu machine) and only the
# small Socket module: IO::Socket triples the start-up time.
#
# usage: perl demo-service.pl ADDRESS PORT HOST_ID HOST_DIR
use strict;
use warnings;
use Socket qw(PF_INET SOCK_STREAM IPPROTO_TCP SOL_SOCKET SO_REUSEADDR inet_aton pack_sockaddr_in);

my ($address, $port, $host, $dir) = @ARGV;
die "usage: $0 ADDRESS PORT HOST_ID HOST_DIR\n" unless defined $dir;

setpgrp(0, 0);    # its own process group: signals to the ssh session's group miss it
$SIG{HUP}  = 'IGNORE';
$SIG{PIPE} = 'IGNORE';    # clients that connect and leave (TCP probes) must not kill it
$SIG{TERM} = $SIG{INT} = sub { print "$host: terminating\n"; exit 0; };
$| = 1;

socket(my $server, PF_INET, SOCK_STREAM, IPPROTO_TCP) or die "$host: socket: $!\n";
setsockopt($server, SOL_SOCKET, SO_REUSEADDR, 1) or die "$host: setsockopt: $!\n";
bind($server, pack_sockaddr_in($port, inet_aton($address)))
  or die "$host: cannot listen on $address:$port: $!\n";
listen($server, 64) or die "$host: listen: $!\n";

my $pidfile = "$dir/service.pid";
open(my $fh, '>', "$pidfile.tmp") or die "$host: cannot write $pidfile.tmp: $!\n";
print $fh "$$\n";
close($fh);
rename("$pidfile.tmp", $pidfile) or die "$host: cannot write $pidfile: $!\n";
print "$host: listening on $address:$port (pid $$)\n";

while (1) {
    accept(my $client, $server) or next;
    eval {
        local $SIG{ALRM} = sub { die "timeout\n" };
        alarm 2;
        while (my $line = <$client>) {
            last if $line =~ /^\r?\n$/;
        }
        alarm 0;
    };
    my $healthy = !-e "$dir/unhealthy";
    my $body    = $healthy ? "$host ok\n" : "$host unhealthy\n";
    my $status  = $healthy ? "200 OK" : "503 Service Unavailable";
    syswrite($client, "HTTP/1.0 $status\r\nContent-Type: text/plain\r\n"
      . "Content-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body");
    close($client);
}
