package io.trawl.e2e.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws one bar-chart panel per benchmark into a PNG (plain Java2D, headless). */
final class Chart {

    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 300;
    private static final Color[] COLORS = {
        new Color(0x2E86AB), new Color(0xF18F01), new Color(0x3BB273), new Color(0xC73E1D), new Color(0x7768AE)
    };

    private Chart() {}

    static void write(Path file, List<Section> sections) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int columns = Math.min(2, sections.size());
        int rows = (sections.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < sections.size(); i++) {
            panel(g, sections.get(i), (i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, Section section, int x, int y) {
        g.setColor(new Color(0xDDDDDD));
        g.drawRect(x + 4, y + 4, PANEL_WIDTH - 8, PANEL_HEIGHT - 8);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(section.chartTitle(), x + 16, y + 26);
        List<Section.Bar> bars = section.bars();
        double max = bars.stream().mapToDouble(Section.Bar::value).max().orElse(1);
        int top = y + 50;
        int bottom = y + PANEL_HEIGHT - 50;
        int left = x + 30;
        int slot = (PANEL_WIDTH - 60) / bars.size();
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, x + PANEL_WIDTH - 30, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < bars.size(); i++) {
            Section.Bar bar = bars.get(i);
            double share = section.logScale()
                    ? Math.log10(1 + Math.max(0, bar.value())) / Math.log10(1 + max)
                    : bar.value() / max;
            int height = (int) Math.round(share * (bottom - top));
            int barX = left + i * slot + slot / 6;
            int barWidth = slot * 2 / 3;
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(barX, bottom - height, barWidth, height);
            g.setColor(Color.DARK_GRAY);
            String value = format(bar.value());
            g.drawString(value, barX + (barWidth - g.getFontMetrics().stringWidth(value)) / 2, bottom - height - 4);
            g.drawString(bar.label(), barX + (barWidth - g.getFontMetrics().stringWidth(bar.label())) / 2, bottom + 16);
        }
        if (section.logScale()) {
            g.drawString("(log scale)", x + PANEL_WIDTH - 100, y + 26);
        }
    }

    private static String format(double value) {
        return value >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
