<?xml version="1.0" encoding="UTF-8"?>
<!-- What a Schematron compiler makes of two rules on orders: XSLT 2.0 writing SVRL.
     ORD-01 (fatal): the amount is positive. ORD-02 (error; the scenario lowers it to a warning):
     the amount is below 1000. -->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:d="urn:ozg:test:kosit:order:1">
  <xsl:output method="xml" indent="yes"/>
  <xsl:template match="/">
    <svrl:schematron-output title="Order rules" schemaVersion="1">
      <svrl:ns-prefix-in-attribute-values prefix="d" uri="urn:ozg:test:kosit:order:1"/>
      <svrl:active-pattern id="order"/>
      <xsl:for-each select="/d:order">
        <svrl:fired-rule context="/d:order"/>
        <xsl:if test="not(xs:decimal(d:amount) gt 0)" xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <svrl:failed-assert test="d:amount gt 0" id="ORD-01" flag="fatal" location="/d:order[1]/d:amount[1]">
            <svrl:text>The amount of an order must be positive.</svrl:text>
          </svrl:failed-assert>
        </xsl:if>
        <xsl:if test="not(xs:decimal(d:amount) lt 1000)" xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <svrl:failed-assert test="d:amount lt 1000" id="ORD-02" flag="error" location="/d:order[1]/d:amount[1]">
            <svrl:text>An order of 1000 or more needs a second signature.</svrl:text>
          </svrl:failed-assert>
        </xsl:if>
      </xsl:for-each>
    </svrl:schematron-output>
  </xsl:template>
</xsl:stylesheet>
