/**
 * Crumb for Spring Boot: auto-configuration of the servlet filter from {@code crumb.*}
 * properties, Spring Security's session use through the cookie, and Micrometer metrics. Spring
 * Security, Spring MVC, Micrometer and crumb-redis are optional.
 */
module dev.crumb.spring {
    requires transitive dev.crumb;
    requires transitive dev.crumb.servlet;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.context;
    requires spring.core;
    requires spring.web;
    requires static dev.crumb.redis;
    requires static micrometer.core;
    requires static spring.security.config;
    requires static spring.security.core;
    requires static spring.security.web;
    requires static spring.webmvc;

    exports dev.crumb.spring;
    opens dev.crumb.spring to spring.core, spring.beans, spring.context;
}
