#!/bin/sh
# Makes the distribution's class-data sharing archive, lib/relgov.jsa: the classes the commands load, parsed and
# verified once here instead of at every run (JDK AppCDS). Run by the cli build at package time.
# Usage: class-data-archive.sh JAVA TARGET_DIR TIMESTAMP
#
# A static archive: a training run (ClassDataTraining) lists the classes it loads (-XX:DumpLoadedClassList), and
# -Xshare:dump archives them with the JDK's own. JDK 17's dynamic archives (-XX:ArchiveClassesAtExit) leave out
# Java 5 class files, and picocli's ~170 classes are such, loaded and verified afresh by every command.
#
# The JVM uses an archive only with the very jar it was made from, named by the same path, with the same size and
# modification time. So the jar is copied to TARGET_DIR/cds with the timestamp the distribution's tar gives its files,
# and named through a path that is the same wherever the distribution is unpacked: its folder opened on descriptor 9,
# /proc/self/fd/9/relgov.jar (Linux); bin/relgov opens lib/ the same way. Elsewhere no archive is made, and the
# distribution works without one.
set -eu
java=$1 target=$2 timestamp=$3
cds=$target/cds
rm -rf "$cds"
mkdir -p "$cds"
if [ ! -d /proc/self/fd ]; then
  echo "class-data archive: no /proc/self/fd here; the distribution ships without lib/relgov.jsa" >&2
  exit 0
fi
cp "$target/relgov.jar" "$cds/relgov.jar"
touch -d "$timestamp" "$cds/relgov.jar"
exec 9<"$cds"
# picocli's classes are Java 5 class files, which JDK 17 archives with a warning each, hence the quiet log
if ! "$java" -XX:DumpLoadedClassList="$cds/classes.lst" -cp /proc/self/fd/9/relgov.jar \
      io.jenkins.plugins.relgov.cli.ClassDataTraining "$cds/training" > "$cds/training.log" 2>&1 \
    || ! "$java" -Xshare:dump -XX:SharedClassListFile="$cds/classes.lst" -XX:SharedArchiveFile="$cds/relgov.jsa" \
      -Xlog:cds=off -Xlog:cds+dynamic=off -cp /proc/self/fd/9/relgov.jar >> "$cds/training.log" 2>&1 \
    || [ ! -s "$cds/relgov.jsa" ]; then
  cat "$cds/training.log" >&2
  echo "class-data archive: making it failed" >&2
  exit 1
fi
rm -rf "$cds/training"
