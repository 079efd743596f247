package com.gifchat.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One person at one browser, doing what a person does on the pages, and waiting for what a person waits for. */
final class Person {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver driver;
    private final String baseUrl;
    private final WebDriverWait wait;

    Person(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** A new anonymous identity: a fresh session on the list page. */
    Person arrives() {
        // a page without scripts: nothing of the last page may still be talking to the server with the old cookie
        driver.get(baseUrl + "/favicon.svg");
        driver.manage().deleteAllCookies();
        driver.get(baseUrl + "/");
        waitUntilLive();
        return this;
    }

    WebDriver driver() {
        return driver;
    }

    /** The person's colour, as the server stamps it ({@code #rrggbb}). */
    String colour() {
        return driver.findElement(By.id("my-colour")).getDomAttribute("data-colour");
    }

    /** The person's colour in words ("Dark blue"), as others read it on the pages. */
    String name() {
        return wait.until(d -> {
            String text = d.findElement(By.id("my-colour")).getText();
            return text.startsWith("#") ? null : text;
        });
    }

    String createRoom(String title, int capacity, String password) {
        driver.findElement(By.id("create-room")).click();
        driver.findElement(By.id("title")).sendKeys(title);
        WebElement capacityField = driver.findElement(By.id("capacity"));
        capacityField.clear();
        capacityField.sendKeys(String.valueOf(capacity));
        if (password != null) {
            driver.findElement(By.id("password")).sendKeys(password);
        }
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitUntilInRoom();
        return driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
    }

    void opens(String path) {
        driver.get(baseUrl + path);
    }

    /** In the room: welcomed on its address, whatever language the page speaks. */
    void waitUntilInRoom() {
        wait.until(ExpectedConditions.attributeToBe(By.id("chat"), "data-state", "in"));
    }

    /** The room list is subscribed to its live updates. */
    void waitUntilLive() {
        wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-status", "open"));
    }

    void says(String text) {
        WebElement input = driver.findElement(By.id("text"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        wait.until(d -> d.findElement(By.id("text")).getDomProperty("value").isEmpty());
    }

    /** The chat message with exactly this text, once it is on the page. */
    WebElement message(String text) {
        return wait.until(d -> d.findElements(By.cssSelector("li.message.text")).stream()
            .filter(li -> text.equals(li.findElement(By.className("text")).getText())).findFirst().orElse(null));
    }

    WebElement systemNotice(String text) {
        return wait.until(d -> d.findElements(By.cssSelector("li.message.system")).stream()
            .filter(li -> text.equals(li.getText())).findFirst().orElse(null));
    }

    List<String> chatTexts() {
        return driver.findElements(By.cssSelector("li.message.text .text")).stream().map(WebElement::getText).toList();
    }

    void leaves() {
        driver.findElement(By.id("leave")).click();
        waitUntilLive();
    }

    void waitForText(By element, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(element, text));
    }

    WebElement roomRow(String roomId) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-room-id='" + roomId + "']")));
    }

    void waitUntilGone(By element) {
        wait.until(ExpectedConditions.numberOfElementsToBe(element, 0));
    }

    void picksFile(Path file) {
        WebElement input = driver.findElement(By.id("gif-input"));
        // the input is hidden behind the GIF button; a person picks the file in the dialog that button opens
        ((JavascriptExecutor) driver).executeScript("arguments[0].hidden = false;", input);
        input.sendKeys(file.toAbsolutePath().toString());
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    WebDriverWait waiting() {
        return wait;
    }
}
