#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# A stand-in for systemd-logind on the bus at DBUS_SYSTEM_BUS_ADDRESS, for tst_logind.
#
# Written with python3-dbus rather than python3-dbusmock's logind template: that template
# hands out a descriptor it does not keep the other end of, so it cannot tell when the
# application closes its lock, which is what the tests must see. Here Inhibit() returns
# the write end of a pipe and keeps the read end, as logind keeps a FIFO's: the end of
# every copy of the lock (close(), exit, a fork child closing its copy) shows as a hang-up
# on the read end, reported at once.
#
#   mocklogind.py [--delay-usec N] [--refuse] [--answer-inhibit-when-told]
#
# --answer-inhibit-when-told makes it a slow or silent logind, as the test decides: each
# Inhibit() call waits, unanswered, until the line "answer" comes (a slow logind), or for
# ever (a silent one: the caller's or the broker's reply timeout ends it).
#
# Lines on stdout: "ready" once the name is owned; "inhibit-waiting <k>" when an Inhibit()
# call waits for "answer" (k calls wait now); "inhibit <n> <what> <who> <why> <mode>" for
# each lock handed out; "closed <n>" when lock n is let go by every holder; "refused" for
# each Inhibit() answered with AccessDenied (--refuse).
# Lines on stdin: "prepare true|false" (emits PrepareForShutdown, then prints "prepared
# true|false"), "answer" (answers the oldest waiting Inhibit() call with a lock), "state
# <n>" (prints "open <n>" or "closed <n>" for lock n as it is now), "locks" (prints "locks
# <number of locks still open>"), "leave" (gives up the name, staying on the bus with what
# it has, unanswered calls too: prints "left"), "quit". Ends when stdin closes.

import argparse
import os
import select
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

SERVICE = 'org.freedesktop.login1'
PATH = '/org/freedesktop/login1'
MANAGER = 'org.freedesktop.login1.Manager'


def say(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


class Manager(dbus.service.Object):
    def __init__(self, bus, delay_usec, refuse, answer_when_told):
        super().__init__(bus, PATH)
        self.delay_usec = delay_usec
        self.refuse = refuse
        self.answer_when_told = answer_when_told
        self.waiting = []     # (what, who, why, mode, reply) of Inhibit() calls not answered yet
        self.preparing = False
        self.locks = {}       # number -> read end of the pipe, while open
        self.watches = {}
        self.next = 1

    @dbus.service.method(MANAGER, in_signature='ssss', out_signature='h',
                         async_callbacks=('reply', 'error'))
    def Inhibit(self, what, who, why, mode, reply, error):
        if self.refuse:
            say('refused')
            error(dbus.exceptions.DBusException('Permission denied by the test',
                                                name='org.freedesktop.DBus.Error.AccessDenied'))
        elif self.answer_when_told:
            self.waiting.append((what, who, why, mode, reply))
            say('inhibit-waiting %d' % len(self.waiting))
        else:
            reply(self.lock(what, who, why, mode))

    def answer(self):
        if self.waiting:
            what, who, why, mode, reply = self.waiting.pop(0)
            reply(self.lock(what, who, why, mode))

    # A new lock: the application's end of it, to hand out.
    def lock(self, what, who, why, mode):
        number = self.next
        self.next += 1
        read_end, write_end = os.pipe2(os.O_CLOEXEC)
        self.locks[number] = read_end
        self.watches[number] = GLib.io_add_watch(read_end, GLib.PRIORITY_DEFAULT,
                                                 GLib.IO_HUP | GLib.IO_ERR | GLib.IO_IN,
                                                 self._closed, number)
        say('inhibit %d %s %s %s %s' % (number, what, who.replace(' ', '_'), why.replace(' ', '_'), mode))
        # UnixFd takes its own copy; ours goes now, so the application's is the only one.
        fd = dbus.types.UnixFd(write_end)
        os.close(write_end)
        return fd

    def _closed(self, source, condition, number):
        if number in self.locks:
            os.close(self.locks.pop(number))
            self.watches.pop(number, None)
            say('closed %d' % number)
        return False

    def state(self, number):
        fd = self.locks.get(number)
        if fd is None:
            return 'closed'
        ready = select.poll()
        ready.register(fd, select.POLLIN)
        return 'closed' if ready.poll(0) else 'open'

    @dbus.service.signal(MANAGER, signature='b')
    def PrepareForShutdown(self, starting):
        self.preparing = bool(starting)

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature='ss', out_signature='v')
    def Get(self, interface, name):
        return self.GetAll(interface)[name]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature='s', out_signature='a{sv}')
    def GetAll(self, interface):
        if interface != MANAGER:
            raise dbus.exceptions.DBusException('No such interface',
                                                name='org.freedesktop.DBus.Error.UnknownInterface')
        return {
            'InhibitDelayMaxUSec': dbus.UInt64(self.delay_usec),
            'PreparingForShutdown': dbus.Boolean(self.preparing),
        }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--delay-usec', type=int, default=5000000)
    parser.add_argument('--refuse', action='store_true')
    parser.add_argument('--answer-inhibit-when-told', action='store_true')
    args = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(os.environ['DBUS_SYSTEM_BUS_ADDRESS'])
    name = dbus.service.BusName(SERVICE, bus, do_not_queue=True)
    manager = Manager(bus, args.delay_usec, args.refuse, args.answer_inhibit_when_told)
    loop = GLib.MainLoop()

    def command(source, condition):
        line = sys.stdin.readline()
        if not line or line.strip() == 'quit':
            loop.quit()
            return False
        words = line.split()
        if words[0] == 'prepare':
            manager.PrepareForShutdown(words[1] == 'true')
            say('prepared %s' % words[1])
        elif words[0] == 'answer':
            manager.answer()
        elif words[0] == 'state':
            say('%s %s' % (manager.state(int(words[1])), words[1]))
        elif words[0] == 'locks':
            say('locks %d' % sum(1 for n in list(manager.locks) if manager.state(n) == 'open'))
        elif words[0] == 'leave':
            bus.release_name(SERVICE)
            say('left')
        return True

    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, command)
    say('ready')
    loop.run()
    del name


if __name__ == '__main__':
    main()
