#!/bin/sh
# Install the unpacked Kabar folder for this user (~/.local), or remove it again.
#   ./install.sh              copy to ~/.local/lib/kabar, add `kabar` to ~/.local/bin,
#                             the menu entry, the icons and the AppStream metainfo
#   ./install.sh --uninstall  remove all of that (your articles in ~/.local/share/Kabar stay)
# PREFIX=/some/where ./install.sh installs under that prefix instead of ~/.local.
set -eu
PREFIX="${PREFIX:-$HOME/.local}"
HERE="$(cd "$(dirname "$0")" && pwd)"
APP="$PREFIX/lib/kabar"
DESKTOP="$PREFIX/share/applications/kabar.desktop"
METAINFO="$PREFIX/share/metainfo/app.kabar.Kabar.metainfo.xml"
ICONS="$PREFIX/share/icons/hicolor"
SIZES="16 24 32 48 64 128 256 512"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$APP"
    rm -f "$PREFIX/bin/kabar" "$DESKTOP" "$METAINFO" "$ICONS/scalable/apps/kabar.svg"
    for n in $SIZES; do rm -f "$ICONS/${n}x${n}/apps/kabar.png"; done
    refresh
    echo "Kabar removed from $PREFIX (your data in ~/.local/share/Kabar is kept)."
    exit 0
fi

[ -x "$HERE/kabar" ] || { echo "install.sh: run it from the unpacked Kabar folder" >&2; exit 1; }
if [ "$HERE" != "$APP" ]; then
    rm -rf "$APP.new"
    mkdir -p "$(dirname "$APP")"
    cp -a "$HERE" "$APP.new"
    rm -rf "$APP"
    mv "$APP.new" "$APP"
fi
mkdir -p "$PREFIX/bin" "$(dirname "$DESKTOP")" "$(dirname "$METAINFO")" "$ICONS/scalable/apps"
ln -sf "$APP/kabar" "$PREFIX/bin/kabar"
sed "s|^Exec=kabar|Exec=$APP/kabar|" "$HERE/desktop/kabar.desktop" > "$DESKTOP"
cp "$HERE/desktop/app.kabar.Kabar.metainfo.xml" "$METAINFO"
cp "$HERE/desktop/icons/hicolor/scalable/apps/kabar.svg" "$ICONS/scalable/apps/kabar.svg"
for n in $SIZES; do
    mkdir -p "$ICONS/${n}x${n}/apps"
    cp "$HERE/desktop/icons/hicolor/${n}x${n}/apps/kabar.png" "$ICONS/${n}x${n}/apps/kabar.png"
done
refresh
echo "Kabar installed in $APP; run \`kabar\` or find it in the applications menu."
