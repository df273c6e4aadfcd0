package io.github.reactivesessions.bind;

import java.util.List;

/**
 * Thrown when no R2DBC driver on the class path handles the url of a bind.
 *
 * @since 0.1.0
 */
public class UnknownDriverException extends IllegalStateException {

	private final String key;

	private final String driver;

	private final List<String> availableDrivers;

	/**
	 * Create an exception for the given bind and driver.
	 * @param key the bind key
	 * @param driver the driver named by the url
	 * @param availableDrivers the drivers found on the class path
	 */
	public UnknownDriverException(String key, String driver, List<String> availableDrivers) {
		super("No R2DBC driver '%s' for bind '%s'; the drivers on the class path are %s".formatted(driver, key,
				availableDrivers.isEmpty() ? "none" : String.join(", ", availableDrivers)));
		this.key = key;
		this.driver = driver;
		this.availableDrivers = List.copyOf(availableDrivers);
	}

	/**
	 * Return the key of the bind.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the driver named by the url.
	 * @return the driver
	 */
	public String getDriver() {
		return this.driver;
	}

	/**
	 * Return the drivers found on the class path.
	 * @return the available drivers
	 */
	public List<String> getAvailableDrivers() {
		return this.availableDrivers;
	}

}
