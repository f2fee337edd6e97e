#!/usr/bin/python3
"""A NetworkManager for the tests: python-dbusmock's networkmanager template
on the bus DBUS_SYSTEM_BUS_ADDRESS names, given an office desktop's state:
wired eth0 (192.0.2.10/24, 2001:db8::10/64), Wi-Fi wlan0 on "Office WiFi"
(198.51.100.7/24), and a VPN "Office VPN" over eth0 (10.8.0.5/32), with
full connectivity. Prints "ready" once all of it is on the bus, then runs
until killed. Exits 77 without python-dbusmock."""

import signal
import subprocess
import sys
import time

try:
    import dbus
    import dbusmock  # noqa: F401 (only to know it is there)
except ImportError as error:
    print(f'python3-dbusmock is missing: {error}', file=sys.stderr)
    sys.exit(77)

NM = 'org.freedesktop.NetworkManager'
MOCK = 'org.freedesktop.DBus.Mock'
ACTIVATED = 100          # NMDeviceState
ACTIVE_CONNECTION = 2    # NMActiveConnectionState: activated

server = subprocess.Popen([sys.executable, '-m', 'dbusmock', '--system', '--template', 'networkmanager'],
                          stdout=subprocess.DEVNULL)
bus = dbus.SystemBus()
for _ in range(200):
    if bus.name_has_owner(NM):
        break
    time.sleep(0.05)
else:
    sys.exit('the mock NetworkManager did not appear')

manager = bus.get_object(NM, '/org/freedesktop/NetworkManager')
mock = dbus.Interface(manager, MOCK)
settings = dbus.Interface(bus.get_object(NM, '/org/freedesktop/NetworkManager/Settings'),
                          'org.freedesktop.NetworkManager.Settings')


def ip_config(name, kind, addresses):
    """An IP4Config or IP6Config object with AddressData; its path."""
    path = f'/org/freedesktop/NetworkManager/{kind}/{name}'
    data = dbus.Array([dbus.Dictionary({'address': dbus.String(a), 'prefix': dbus.UInt32(p)}, signature='sv')
                       for a, p in addresses], signature='a{sv}')
    mock.AddObject(path, f'{NM}.{kind}', {'AddressData': data}, [])
    return dbus.ObjectPath(path)


def give_addresses(active, name, ip4, ip6=()):
    active_mock = dbus.Interface(bus.get_object(NM, active), MOCK)
    active_mock.AddProperty(f'{NM}.Connection.Active', 'Ip4Config', ip_config(name, 'IP4Config', ip4))
    active_mock.AddProperty(f'{NM}.Connection.Active', 'Ip6Config',
                            ip_config(name, 'IP6Config', ip6) if ip6 else dbus.ObjectPath('/'))


wired = mock.AddEthernetDevice('mock_Ethernet1', 'eth0', ACTIVATED)
wired_connection = settings.AddConnection(dbus.Dictionary({
    'connection': dbus.Dictionary({'id': 'Wired connection 1', 'type': '802-3-ethernet'}, signature='sv')},
    signature='sa{sv}'))
wired_active = mock.AddActiveConnection([wired], wired_connection, '/', 'wired', ACTIVE_CONNECTION)
give_addresses(wired_active, 'wired', [('192.0.2.10', 24)], [('2001:db8::10', 64)])

wifi = mock.AddWiFiDevice('mock_WiFi1', 'wlan0', ACTIVATED)
access_point = mock.AddAccessPoint(wifi, 'office', 'Office WiFi', '00:23:DE:AD:BE:EF', 2, 5180, 54000, 82, 0x100)
wifi_connection = mock.AddWiFiConnection(wifi, 'office_wifi', 'Office WiFi', 'wpa-psk')
wifi_active = mock.AddActiveConnection([wifi], wifi_connection, access_point, 'wifi', ACTIVE_CONNECTION)
give_addresses(wifi_active, 'wifi', [('198.51.100.7', 24)])

vpn_connection = settings.AddConnection(dbus.Dictionary({
    'connection': dbus.Dictionary({'id': 'Office VPN', 'type': 'vpn'}, signature='sv')}, signature='sa{sv}'))
vpn_active = mock.AddActiveConnection([wired], vpn_connection, '/', 'vpn', ACTIVE_CONNECTION)
give_addresses(vpn_active, 'vpn', [('10.8.0.5', 32)])

mock.SetConnectivity(dbus.UInt32(4))   # full
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print('ready', flush=True)
try:
    server.wait()
finally:
    server.terminate()
