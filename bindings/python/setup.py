# SPDX-License-Identifier: MIT
"""Build the casualty package with its own copy of libcasualty.

``pip install ./bindings/python`` (from a libcasualty source tree) compiles
the library's C sources, lib/*.c, with the system's C compiler into
``casualty/_lib/libcasualty.so.0`` inside the package, which the binding
loads before any other (casualty/_loader.py). So a fresh virtual
environment imports ``casualty`` with no ``make install``, no
LD_LIBRARY_PATH and no CASUALTY_LIBRARY. The build needs what the library's
own build needs: a C11 compiler and libcsv (Debian: libcsv-dev).

What ./configure and make do for the library, done here by hand:

* config.h: the package's name and version (from configure.ac's AC_INIT,
  the one place the version is written) and the system extensions that
  AC_USE_SYSTEM_EXTENSIONS turns on;
* the default vocabulary, data/vocabulary.txt, compiled in as
  ``cas__vocab_default_text`` by tools/embed.sh, the script the Makefile runs;
* every lib/*.c compiled with -fvisibility=hidden and -DCAS_BUILDING_LIBRARY,
  linked with lib/libcasualty.map as version script, the soname
  libcasualty.so.0, and -lcsv -lm.

``$CC``, ``$CFLAGS`` and ``$LDFLAGS`` are honoured; ``$CASUALTY_SOURCE_DIR``
names the source tree when this directory is not its bindings/python.
"""

import concurrent.futures
import glob
import os
import re
import shlex
import subprocess
import sys
import sysconfig

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from wheel.bdist_wheel import bdist_wheel
except ImportError:  # wheel is a build requirement; without it, no bdist_wheel
    bdist_wheel = None

HERE = os.path.dirname(os.path.abspath(__file__))
SONAME = "libcasualty.so.0"


def source_tree():
    """The top of the libcasualty source tree: $CASUALTY_SOURCE_DIR, else
    the directory two levels above this one."""
    top = os.environ.get("CASUALTY_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
    top = os.path.abspath(top)
    for need in ("include/casualty.h", "lib/libcasualty.map", "data/vocabulary.txt",
                 "tools/embed.sh", "configure.ac"):
        if not os.path.isfile(os.path.join(top, need)):
            sys.exit("casualty: cannot build libcasualty: %s is missing under %s.\n"
                     "Build the package from a libcasualty source tree "
                     "(pip install ./bindings/python), or set CASUALTY_SOURCE_DIR "
                     "to the top of one." % (need, top))
    return top


def package_version(top):
    """The version of AC_INIT in configure.ac."""
    with open(os.path.join(top, "configure.ac"), encoding="utf-8") as f:
        match = re.search(r"AC_INIT\(\[([^]]+)\],\s*\[([^]]+)\]", f.read())
    if match is None:
        sys.exit("casualty: no AC_INIT([name], [version]) in configure.ac")
    return match.group(1), match.group(2)


CONFIG_H = """\
/* config.h for the casualty Python package's build of libcasualty,
   written by bindings/python/setup.py in place of ./configure's. */
#define PACKAGE "{name}"
#define PACKAGE_NAME "{name}"
#define PACKAGE_TARNAME "{name}"
#define PACKAGE_VERSION "{version}"
#define PACKAGE_STRING "{name} {version}"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_URL ""
#define VERSION "{version}"
/* AC_USE_SYSTEM_EXTENSIONS */
#ifndef _ALL_SOURCE
# define _ALL_SOURCE 1
#endif
#ifndef _DARWIN_C_SOURCE
# define _DARWIN_C_SOURCE 1
#endif
#ifndef __EXTENSIONS__
# define __EXTENSIONS__ 1
#endif
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#ifndef _NETBSD_SOURCE
# define _NETBSD_SOURCE 1
#endif
#ifndef _OPENBSD_SOURCE
# define _OPENBSD_SOURCE 1
#endif
#ifndef _POSIX_PTHREAD_SEMANTICS
# define _POSIX_PTHREAD_SEMANTICS 1
#endif
#ifndef _TANDEM_SOURCE
# define _TANDEM_SOURCE 1
#endif
#ifndef __STDC_WANT_LIB_EXT2__
# define __STDC_WANT_LIB_EXT2__ 1
#endif
"""


def compiler():
    """The C compiler as an argument list: $CC, else Python's, else cc."""
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(cc)


def run(command):
    """Run ``command``, echoing it; stop the build when it fails."""
    print(" ".join(shlex.quote(c) for c in command), flush=True)
    subprocess.run(command, check=True)


def build_library(top, work, out):
    """Compile libcasualty from ``top`` in the directory ``work`` into the
    shared library file ``out``."""
    os.makedirs(work, exist_ok=True)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    name, version = package_version(top)
    with open(os.path.join(work, "config.h"), "w", encoding="utf-8") as f:
        f.write(CONFIG_H.format(name=name, version=version))
    vocab = os.path.join(work, "vocab_default.c")
    run(["sh", os.path.join(top, "tools", "embed.sh"), os.path.join(top, "data", "vocabulary.txt"),
         vocab, "cas__vocab_default_text"])
    # lib/vocab_default.c is what an in-tree ./configure && make generates:
    # this build writes its own.
    sources = sorted(s for s in glob.glob(os.path.join(top, "lib", "*.c"))
                     if os.path.basename(s) != "vocab_default.c") + [vocab]
    cc = compiler()
    cflags = ["-std=c11", "-O2", "-fPIC", "-fvisibility=hidden", "-DCAS_BUILDING_LIBRARY",
              "-I" + work, "-I" + os.path.join(top, "include"), "-I" + os.path.join(top, "lib")]
    cflags += shlex.split(os.environ.get("CFLAGS", ""))
    objects = []
    commands = []
    for source in sources:
        obj = os.path.join(work, os.path.basename(source)[:-2] + ".o")
        objects.append(obj)
        commands.append(cc + cflags + ["-c", source, "-o", obj])
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for future in [pool.submit(run, command) for command in commands]:
            future.result()
    ldflags = ["-shared", "-Wl,-soname," + SONAME,
               "-Wl,--version-script=" + os.path.join(top, "lib", "libcasualty.map")]
    ldflags += shlex.split(os.environ.get("LDFLAGS", ""))
    run(cc + cflags + ldflags + objects + ["-o", out, "-lcsv", "-lm"])


class BuildWithLibrary(build_py):
    """build_py, then libcasualty into casualty/_lib/ of the build."""

    def run(self):
        super().run()
        top = source_tree()
        out = os.path.join(self.build_lib, "casualty", "_lib", SONAME)
        work = os.path.join(os.path.dirname(os.path.abspath(self.build_lib)), "libcasualty")
        build_library(top, work, out)

    def get_outputs(self, include_bytecode=True):
        return super().get_outputs(include_bytecode) + [
            os.path.join(self.build_lib, "casualty", "_lib", SONAME)]


class BinaryDistribution(Distribution):
    """The package holds a compiled library: not pure Python."""

    def has_ext_modules(self):
        return True


commands = {"build_py": BuildWithLibrary}
if bdist_wheel is not None:
    class BinaryWheel(bdist_wheel):
        """A wheel for one platform, for any Python 3: the library is
        reached through ctypes, not the Python C API."""

        def finalize_options(self):
            super().finalize_options()
            self.root_is_pure = False

        def get_tag(self):
            _, _, platform = super().get_tag()
            return "py3", "none", platform

    commands["bdist_wheel"] = BinaryWheel

setup(cmdclass=commands, distclass=BinaryDistribution)
